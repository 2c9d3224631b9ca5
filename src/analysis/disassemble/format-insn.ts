import {
  NO_REG,
  PFX_LOCK,
  PFX_OPSIZE,
  PFX_REP,
  PFX_REPNE,
  PFX_REXW,
} from '../../core/cpu/decode/insn.ts';
import type { Insn } from '../../core/cpu/decode/insn.ts';
import { memoryOperand } from './memory-operand.ts';
import { mnemonic } from './mnemonic.ts';
import { opcodeMaps } from './opcode-maps.ts';
import { operandBytes } from './operand-size.ts';
import { gprName, segmentName, sizeKeyword } from './registers.ts';
import { x87Form } from './x87.ts';

/** Names an address with the kernel's symbols (`kmain+0x1a`), '' when none holds it. */
export type SymbolNamer = (address: bigint) => string;

/** One instruction in Intel syntax, and the addresses it refers to. */
export interface FormattedInsn {
  mnemonic: string;
  /** Operands joined by ',', as objdump prints them ('' for none). */
  operands: string;
  /** A branch or call's destination, or a RIP-relative operand's address. */
  target: bigint | null;
  /** `ffffffff80005000 <ticks>` for a RIP-relative operand, as objdump's `#` comment. */
  comment: string;
}

/** Instructions whose 8-bit immediate is sign-extended to the operand size. */
const SIGNED_IB = new Set(['add', 'or', 'adc', 'sbb', 'and', 'sub', 'xor', 'cmp', 'imul', 'push']);
/** Operands without a size letter that objdump still gives one: they name a byte. */
const BYTE_M = new Set([
  'invlpg',
  'clflush',
  'prefetchnta',
  'prefetcht0',
  'prefetcht1',
  'prefetcht2',
]);
/** Stores of a selector or the machine status word: a word in memory. */
const WORD_M = new Set(['str', 'sldt', 'smsw']);
const STRING_OPS = new Set(['movs', 'stos', 'lods', 'ins', 'outs', 'cmps', 'scas']);

const hex = (v: bigint) => `0x${v.toString(16)}`;

/** An address objdump's way: bare hex before a symbol (`ffffffff80000380 <kprintf>`), else 0x. */
function addressText(a: bigint, name: SymbolNamer): string {
  const sym = name(a);
  return sym ? `${a.toString(16)} <${sym}>` : hex(a);
}

/** mov Sreg, reg names the register at the operand size the prefixes give (the table says w). */
function selectorRegisterSize(i: Insn): number {
  return i.prefixes & PFX_REXW ? 8 : i.prefixes & PFX_OPSIZE ? 2 : 4;
}

/** A memory operand's size where the operand string's letter does not give objdump's. */
function memoryBytes(i: Insn, bytes: number): number {
  if (BYTE_M.has(i.entry.name)) return 1;
  // A selector stored to memory is a word whatever the operand size.
  if (i.entry.operands === 'Ev,Sw' || WORD_M.has(i.entry.name)) return 2;
  // cmpxchg8b/16b compare a pair of registers with memory.
  if (i.entry.name === 'cmpxchg8b') return i.osize * 2;
  return bytes;
}

/** The immediate as an unsigned value of `bytes` bytes (sign-extended from its encoding). */
function immediate(i: Insn, bytes: number): bigint {
  const wide = (BigInt(i.immHi) << 32n) | BigInt(i.imm >>> 0);
  return BigInt.asUintN(bytes * 8, wide);
}

interface Context {
  i: Insn;
  mode: 16 | 32 | 64;
  /** The address after the instruction (branch and RIP-relative base). */
  next: bigint;
  name: SymbolNamer;
  target: bigint | null;
}

/** A string instruction's implicit operand: `BYTE PTR ds:[rsi]` / `es:[rdi]`. */
function stringOperand(c: Context, which: 'X' | 'Y', letters: string): string {
  const i = c.i;
  const seg = which === 'Y' ? 'es' : i.segOverride ? segmentName(i.seg) : 'ds';
  const reg = gprName(which === 'X' ? 6 : 7, i.asize);
  return `${sizeKeyword(operandBytes(letters, i.osize))}${seg}:[${reg}]`;
}

function operand(c: Context, spec: string): string {
  const i = c.i;
  const kind = spec[0];
  const letters = spec.slice(1);
  const bytes = operandBytes(letters, i.osize);
  switch (spec) {
    case 'AL':
      return 'al';
    case 'AX':
      return 'ax';
    case 'CL':
      return 'cl';
    case '1':
      return '1';
    case 'rAX':
      return gprName(0, i.osize);
    case 'eAX':
      return gprName(0, Math.min(i.osize, 4));
  }
  switch (kind) {
    case 'E':
    case 'M':
    case 'W':
    case 'U':
    case 'R':
    case 'Q':
      if (i.rm !== NO_REG) {
        if (kind === 'W' || kind === 'U') return `xmm${i.rm}`;
        // Control- and debug-register moves use the full register in 64-bit mode; a segment
        // register move names the general register at the operand size.
        if (kind === 'R' && c.mode === 64) return gprName(i.rm, 8);
        if (i.entry.operands === 'Sw,Ew') return gprName(i.rm, selectorRegisterSize(i));
        return gprName(i.rm, bytes || i.osize);
      } else {
        const m = memoryOperand(i, memoryBytes(i, bytes), c.next);
        if (m.target !== null) c.target = m.target;
        // objdump calls cmpxchg16b's operand an OWORD, not an XMMWORD.
        return i.entry.name === 'cmpxchg8b' ? m.text.replace('XMMWORD', 'OWORD') : m.text;
      }
    case 'G':
    case 'Z':
      // invpcid's type register is 64 bits wide in 64-bit mode whatever the prefixes.
      return gprName(i.reg, i.entry.name === 'invpcid' && c.mode === 64 ? 8 : bytes);
    case 'V':
      return `xmm${i.reg}`;
    case 'S':
      return segmentName(i.reg & 7);
    case 'C':
      return `cr${i.reg}`;
    case 'D':
      return `dr${i.reg}`;
    case 'X':
    case 'Y':
      return stringOperand(c, kind, letters);
    case 'O':
      return `${i.segOverride ? segmentName(i.seg) : 'ds'}:${hex(immediate(i, i.asize))}`;
    case 'J': {
      const t = BigInt.asUintN(c.mode === 64 ? 64 : 32, c.next + BigInt(i.imm));
      c.target = t;
      return addressText(t, c.name);
    }
    case 'I':
      return hex(immediateValue(i, spec));
  }
  return spec;
}

function immediateValue(i: Insn, spec: string): bigint {
  switch (spec) {
    case 'Ib':
      return immediate(i, SIGNED_IB.has(i.entry.name) ? i.osize : 1);
    case 'Iw':
      return immediate(i, 2);
    default:
      return immediate(i, i.osize);
  }
}

/** The second immediate (enter's nesting level) is in imm2. */
function secondImmediate(i: Insn): string {
  return hex(BigInt(i.imm2 & 0xff));
}

/** The operand list; a few entries leave implicit operands out of their SDM string. */
function operandTexts(c: Context): string[] {
  const i = c.i;
  const e = i.entry;
  const specs = e.operands === '' ? [] : e.operands.split(',');
  // push/pop of a segment register: the register is the entry's sub-operation.
  if ((e.name === 'push' || e.name === 'pop') && specs.length === 0) return [segmentName(e.op)];
  // xlat reads the byte at [rbx+al].
  if (e.name === 'xlat')
    return [`BYTE PTR ${i.segOverride ? segmentName(i.seg) : 'ds'}:[${gprName(3, i.asize)}]`];
  // in/out with the port in DX.
  if (e.name === 'in' && specs.length === 1) return [operand(c, specs[0]), 'dx'];
  if (e.name === 'out' && specs.length === 1) return ['dx', operand(c, specs[0])];
  if (e.name === 'ins') return [operand(c, specs[0]), 'dx'];
  if (e.name === 'outs') return ['dx', operand(c, specs[0])];
  const out: string[] = [];
  let imms = 0;
  for (const s of specs) {
    out.push(imms > 0 && s.startsWith('I') ? secondImmediate(i) : operand(c, s));
    if (s.startsWith('I')) imms++;
  }
  return out;
}

/** The prefixes objdump writes before the mnemonic: lock, rep/repz/repnz on string ops. */
function prefixText(i: Insn): string {
  let p = '';
  if (i.prefixes & PFX_LOCK) p += 'lock ';
  if (STRING_OPS.has(i.entry.name)) {
    const compares = i.entry.name === 'cmps' || i.entry.name === 'scas';
    if (i.prefixes & PFX_REP) p += compares ? 'repz ' : 'rep ';
    if (i.prefixes & PFX_REPNE) p += compares ? 'repnz ' : 'repnz ';
  }
  return p;
}

/**
 * Formats a decoded instruction (decode/decoder.ts) in Intel syntax as objdump -M intel
 * prints it: the mnemonic the SDM gives for the operand size, operands with their sizes,
 * branch targets and RIP-relative operands resolved to addresses and named with `name`.
 * `address` is where the instruction starts.
 */
export function formatInsn(
  i: Insn,
  address: bigint,
  mode: 16 | 32 | 64,
  name: SymbolNamer,
): FormattedInsn {
  const c: Context = { i, mode, next: address + BigInt(i.len), name, target: null };
  const x87 = x87Form(opcodeMaps(), i, (bytes) => {
    const m = memoryOperand(i, bytes, c.next);
    c.target = m.target;
    return m.text;
  });
  const ops = x87 ? x87.operands : operandTexts(c);
  const m = x87 ?? mnemonic(i, mode);
  const ripRelative = c.target !== null && !i.entry.operands.includes('J');
  return {
    mnemonic: prefixText(i) + m.name,
    operands: (m.operands ?? ops).join(','),
    target: c.target,
    comment: ripRelative ? addressText(c.target!, name) : '',
  };
}
