import { clflush, invlpg, invpcid, wbinvd } from '../exec/cache-ops.ts';
import { clts, lmsw, movFromCr, movFromDr, movToCr, movToDr, smsw } from '../exec/control-regs.ts';
import { cpuid } from '../exec/cpuid.ts';
import { nop } from '../exec/mov.ts';
import { rdmsr, wrmsr } from '../exec/msr.ts';
import { clacStac, undefinedForm } from '../exec/system.ts';
import { rdtsc, rdtscp } from '../exec/tsc.ts';
import { rdpkru, wrpkru } from '../exec/pkru.ts';
import type { Handler, Insn } from '../decode/insn.ts';
import {
  entry,
  F_END,
  F_I64,
  F_MEMFORM_ONLY,
  F_O64,
  F_MOD_IGNORED,
  F_REGFORM_ONLY,
  group,
  simd,
} from '../decode/opcode-table.ts';
import type { OpcodeEntry, OpcodeMaps } from '../decode/opcode-table.ts';

/** The system-register family: control and debug registers, MSRs, CPUID, TSC, TLB and cache control. */
export function defineSystemRegs(m: OpcodeMaps): void {
  const two = m.two;
  m.set(two, 0x06, entry('clts', '', clts));
  m.set(two, 0x08, entry('invd', '', wbinvd));
  m.set(two, 0x09, entry('wbinvd', '', wbinvd));
  // The control and debug register moves ignore ModRM.mod and always name a register;
  // only the mod = 3 encodings (what assemblers emit) are accepted, the others are #UD.
  // The SDM: mod is ignored, these always move between registers.
  const REG = F_MOD_IGNORED;
  m.set(two, 0x20, entry('mov', 'Rd,Cd', movFromCr, 0, REG));
  m.set(two, 0x21, entry('mov', 'Rd,Dd', movFromDr, 0, REG));
  m.set(two, 0x22, entry('mov', 'Cd,Rd', movToCr, 0, REG | F_END));
  m.set(two, 0x23, entry('mov', 'Dd,Rd', movToDr, 0, REG | F_END));
  m.set(two, 0x30, entry('wrmsr', '', wrmsr, 0, F_END));
  m.set(two, 0x31, entry('rdtsc', '', rdtsc));
  m.set(two, 0x32, entry('rdmsr', '', rdmsr));
  m.set(two, 0xa2, entry('cpuid', '', cpuid));
  const invpcidEntry = entry('invpcid', 'Gy,M', invpcid, 0, F_MEMFORM_ONLY | F_END);
  m.set(m.three38, 0x82, simd([undefined, invpcidEntry, undefined, undefined]));

  // Prefetches never fault and no cache is modelled. 0F 18 is a hint space: its register
  // forms and /4-/7 are NOPs too. 0F 0D (AMD prefetch, prefetchw) has memory forms only.
  const hints = [
    'prefetchnta',
    'prefetcht0',
    'prefetcht1',
    'prefetcht2',
    'nop',
    'nop',
    'nop',
    'nop',
  ];
  m.set(
    two,
    0x18,
    group(
      'hint',
      'Ev',
      hints.map((n) => entry(n, 'Ev', nop)),
    ),
  );
  const amd = [
    'prefetch',
    'prefetchw',
    'prefetch',
    'prefetch',
    'prefetch',
    'prefetch',
    'prefetch',
    'prefetch',
  ];
  m.set(
    two,
    0x0d,
    group(
      'prefetch',
      'Mb',
      amd.map((n) => entry(n, 'Mb', nop, 0, F_MEMFORM_ONLY)),
    ),
  );

  const smswEntry = entry('smsw', 'Ev', smsw);
  const lmswEntry = entry('lmsw', 'Ew', lmsw, 0, F_END);
  setForm(m, two, 0x01, 1, 2, entry('clac', '', clacStac, 0));
  setForm(m, two, 0x01, 1, 3, entry('stac', '', clacStac, 1));
  setForm(m, two, 0x01, 4, MEM_FORM, smswEntry);
  setForm(m, two, 0x01, 4, ANY_REG, smswEntry);
  setForm(m, two, 0x01, 5, 6, entry('rdpkru', '', rdpkru));
  setForm(m, two, 0x01, 5, 7, entry('wrpkru', '', wrpkru));
  setForm(m, two, 0x01, 6, MEM_FORM, lmswEntry);
  setForm(m, two, 0x01, 6, ANY_REG, lmswEntry);
  setForm(m, two, 0x01, 7, MEM_FORM, entry('invlpg', 'M', invlpg, 0, F_END));
  setForm(m, two, 0x01, 7, 1, entry('rdtscp', '', rdtscp));
  // A single CPU that runs one instruction at a time is already as ordered as the fences ask.
  setForm(m, two, 0xae, 5, ANY_REG, entry('lfence', '', nop));
  setForm(m, two, 0xae, 6, ANY_REG, entry('mfence', '', nop));
  setForm(m, two, 0xae, 7, ANY_REG, entry('sfence', '', nop));
  setForm(m, two, 0xae, 7, MEM_FORM, entry('clflush', 'Mb', clflush));
}

/** setForm's `rm` for the memory form (ModRM.mod != 3). */
export const MEM_FORM = 8;
/** setForm's `rm` for a register form that ignores ModRM.rm (all eight values). */
export const ANY_REG = 9;

/** The forms of one split group slot: index 0-7 the register form by ModRM.rm, 8 memory. */
interface Forms {
  readonly byIndex: (OpcodeEntry | undefined)[];
  /** One bit per index set through setForm (the others were inherited from a plain entry). */
  explicit: number;
  /** What an encoding with no form decodes to: #UD, ending the block. */
  readonly undefined: OpcodeEntry;
}

const FORMS = new WeakMap<OpcodeEntry, Forms>();

/**
 * Defines one form of a group opcode whose register forms are distinct instructions picked
 * by ModRM.rm, as in 0F 01 (clac, rdtscp, swapgs...) and 0F AE (the fences). The decoder
 * picks group slots by ModRM.reg only, so such a slot holds an entry that, at decode time,
 * gives the Insn the form's entry (name, flags, sub-op) and handler. Families owning other
 * forms of the same opcode call this too, in any order; a plain entry already in the slot
 * keeps the forms it served (memory unless F_REGFORM_ONLY, registers unless F_MEMFORM_ONLY).
 * Forms share the slot's operand parsing (ModRM, no immediate) and, as the decoder cannot
 * apply their F_I64/F_O64, check the mode themselves.
 */
export function setForm(
  m: OpcodeMaps,
  map: (OpcodeEntry | undefined)[],
  opcode: number,
  reg: number,
  rm: number,
  e: OpcodeEntry,
): void {
  const op = opcode.toString(16).padStart(2, '0');
  const where = `0f ${op} /${reg}`;
  if (e.parse.imms.length > 0) throw new Error(`${e.name} (${where}): forms take no immediate`);
  let g = map[opcode];
  if (g === undefined) {
    g = entry(`grp 0f ${op}`, '', undefinedForm, opcode);
    g.group = new Array<OpcodeEntry | undefined>(8).fill(undefined);
    m.set(map, opcode, g);
  }
  if (g.group === undefined) throw new Error(`${e.name} (${where}): 0f ${op} is no group`);
  const forms = formsOf(g.group, reg, e, opcode, where);
  const first = rm === ANY_REG ? 0 : rm;
  const last = rm === ANY_REG ? 7 : rm;
  for (let k = first; k <= last; k++) {
    if ((forms.explicit & (1 << k)) !== 0) throw new Error(`${e.name}: ${where} defined twice`);
    forms.byIndex[k] = e;
    forms.explicit |= 1 << k;
  }
}

function formsOf(
  subs: (OpcodeEntry | undefined)[],
  reg: number,
  e: OpcodeEntry,
  opcode: number,
  where: string,
): Forms {
  const slot = subs[reg];
  const known = slot === undefined ? undefined : FORMS.get(slot);
  if (known !== undefined) return known;
  if (slot !== undefined && ((slot.flags & (F_I64 | F_O64)) !== 0 || slot.bySimdPrefix))
    throw new Error(`${e.name}: ${where} holds a mode- or prefix-selected entry`);
  const mem = slot !== undefined && (slot.flags & F_REGFORM_ONLY) === 0 ? slot : undefined;
  const regs = slot !== undefined && (slot.flags & F_MEMFORM_ONLY) === 0 ? slot : undefined;
  const byIndex = new Array<OpcodeEntry | undefined>(9).fill(regs);
  byIndex[MEM_FORM] = mem;
  const forms: Forms = {
    byIndex,
    explicit: 0,
    undefined: entry(where, '', undefinedForm, opcode, F_END),
  };
  const split = entry(slot?.name ?? e.name, slot?.operands ?? e.operands, undefinedForm, opcode);
  split.specialize = (i) => pickForm(forms, i);
  FORMS.set(split, forms);
  subs[reg] = split;
  return forms;
}

/** Decode time: the Insn becomes the form's (name, F_END, sub-op) and runs its handler. */
function pickForm(forms: Forms, i: Insn): Handler {
  const e = forms.byIndex[i.modrm >= 0xc0 ? i.modrm & 7 : MEM_FORM] ?? forms.undefined;
  i.entry = e;
  i.op = e.op;
  return e.specialize?.(i) ?? e.exec;
}
