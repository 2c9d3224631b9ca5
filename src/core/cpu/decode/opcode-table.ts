import type { Handler, Insn } from './insn.ts';

/**
 * The opcode maps as data, in the SDM's operand notation (Vol. 2, appendix A):
 * E = ModRM r/m, G = ModRM reg, M = memory-only r/m, R = register-only r/m,
 * S = segment register in ModRM.reg, C/D = control/debug register in ModRM.reg,
 * V/W/U = XMM in reg, XMM-or-memory r/m, XMM register r/m; P/Q/N the MMX equivalents;
 * I = immediate, J = relative offset, O = moffs, A = far pointer, Z = register in opcode bits;
 * the size letters: b byte, w word, d dword, q qword, v operand size, z word-or-dword
 * (sign-extended to 64 bits for 64-bit operands), y dword-or-qword.
 * Every entry's operand string decides what the decoder parses; its handler decides meaning.
 */
export interface OpcodeEntry {
  name: string;
  /** Operands in SDM notation, e.g. "Ev,Gv" or "Zv,Iv" or "" for none. */
  operands: string;
  exec: Handler;
  op: number;
  flags: number;
  /**
   * Picks a handler specialised for the decoded form (register operands, a size) where the
   * generic one would branch on it every run; undefined keeps `exec`. Specialised handlers
   * must behave exactly as `exec` does for the forms they accept.
   */
  specialize?: (i: Insn) => Handler | undefined;
  /** Parsed from `operands` once, when the table is built. */
  parse: ParsePlan;
  /** ModRM.reg-indexed sub-entries (group opcodes): eight slots, undefined = #UD. */
  group?: (OpcodeEntry | undefined)[];
  /** Mandatory-prefix variants (SSE): none, 66, F3, F2. */
  bySimdPrefix?: (OpcodeEntry | undefined)[];
}

/** Entry flags. */
/** Default operand size is 64 in long mode (push, pop, near branches; 66 gives 16). */
export const F_D64 = 1;
/** Operand size is 64 in long mode whatever the prefixes (Intel treats 66 on jcc so). */
export const F_F64 = 2;
/** The instruction may change RIP, mode, paging or interrupt state: it ends its block. */
export const F_END = 4;
/** Invalid in 64-bit mode (#UD there). */
export const F_I64 = 8;
/** Only valid in 64-bit mode. */
export const F_O64 = 16;
/** Group entries that also differ by ModRM.mod == 3 (register form) use this bit to pick. */
export const F_REGFORM_ONLY = 32;
export const F_MEMFORM_ONLY = 64;
/** A lock prefix is allowed (with a memory destination); elsewhere lock raises #UD. */
export const F_LOCKABLE = 128;
/** ModRM.mod is ignored and r/m always names a register (mov to/from CR and DR). */
export const F_MOD_IGNORED = 256;
/** On a mandatory-prefix variant picked by 66: the 66 still sets the operand size (bsf/bsr). */
export const F_KEEPS_66 = 512;

export interface ParsePlan {
  modrm: boolean;
  /** Operand size rule: 'b' byte, 'w', 'd', 'q', 'v' (prefix-driven), or 'x' (not used). */
  size: 'b' | 'w' | 'd' | 'q' | 'v' | 'y' | 'x';
  /** Immediate kinds in order. */
  imms: string[];
  /** Register encoded in the opcode's low three bits (Z operands). */
  regInOpcode: boolean;
  /** The first operand with a size letter is a byte register ('Gb'/'Eb'/'Zb'): byte codes apply to reg. */
  byteReg: boolean;
  byteRm: boolean;
  /** The first operand is AL/rAX: the decoder points rm at register 0. */
  accumulator: boolean;
}

const IMM_KINDS = ['Ib', 'Iw', 'Iz', 'Iv', 'Jb', 'Jz', 'Ob', 'Ov', 'Ap'];

export function parsePlan(operands: string): ParsePlan {
  const ops = operands === '' ? [] : operands.split(',');
  const modrm = ops.some((o) => /^[EGMRSCDVWUPQN]/.test(o));
  let size: ParsePlan['size'] = 'x';
  for (const o of ops) {
    // Immediates and branch offsets have their own sizes; they never set the operand size
    // (push Ib pushes a full-size value, ret Iw pops a full-size address).
    if (o.startsWith('I') || o.startsWith('J')) continue;
    const m = /^[A-Z]([bwdqvyz])$/.exec(o) ?? /^(?:AL|[re]?AX)$/.exec(o);
    if (!m) continue;
    const letter = o === 'AL' ? 'b' : o.endsWith('AX') ? 'v' : m[1];
    if (letter === 'z') continue;
    size = letter as ParsePlan['size'];
    break;
  }
  if (size === 'x' && ops.some((o) => o.endsWith('z'))) size = 'v';
  const imms = ops.filter((o) => IMM_KINDS.includes(o));
  for (const o of ops)
    if (/^[IJOA][a-z]$/.test(o) && !IMM_KINDS.includes(o))
      throw new Error(`unknown immediate ${o}`);
  return {
    modrm,
    size,
    imms,
    regInOpcode: ops.some((o) => o.startsWith('Z')),
    byteReg: ops.includes('Gb') || ops.includes('Zb'),
    byteRm: ops.includes('Eb') || ops.includes('Rb'),
    accumulator: ops[0] === 'AL' || ops[0] === 'rAX',
  };
}

export function entry(
  name: string,
  operands: string,
  exec: Handler,
  op = 0,
  flags = 0,
): OpcodeEntry {
  return { name, operands, exec, op, flags, parse: parsePlan(operands) };
}

/** Attaches a specialiser to an entry (see OpcodeEntry.specialize). */
export function specialized(e: OpcodeEntry, pick: (i: Insn) => Handler | undefined): OpcodeEntry {
  e.specialize = pick;
  return e;
}

/** A group opcode: the decoder picks the sub-entry by ModRM.reg. */
export function group(name: string, operands: string, subs: (OpcodeEntry | undefined)[]) {
  const e = entry(name, operands, subs.find((s) => s)!.exec);
  e.group = subs;
  return e;
}

/** An SSE opcode whose meaning depends on a mandatory prefix: [none, 66, F3, F2]. */
export function simd(subs: (OpcodeEntry | undefined)[]): OpcodeEntry {
  const first = subs.find((s) => s)!;
  const e = entry(first.name, first.operands, first.exec);
  e.bySimdPrefix = subs;
  return e;
}

/** The four maps: one-byte, 0F, 0F 38, 0F 3A. */
export class OpcodeMaps {
  readonly one: (OpcodeEntry | undefined)[] = new Array(256);
  readonly two: (OpcodeEntry | undefined)[] = new Array(256);
  readonly three38: (OpcodeEntry | undefined)[] = new Array(256);
  readonly three3a: (OpcodeEntry | undefined)[] = new Array(256);

  set(map: (OpcodeEntry | undefined)[], opcode: number, e: OpcodeEntry): void {
    if (map[opcode]) throw new Error(`opcode 0x${opcode.toString(16)} defined twice`);
    map[opcode] = e;
  }
}
