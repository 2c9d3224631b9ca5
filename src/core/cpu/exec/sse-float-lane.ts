import type { Cpu } from '../cpu.ts';
import type { Insn } from '../decode/insn.ts';
import { UD, XM } from '../fault.ts';
import { read32, read64 } from '../../mmu/access.ts';
import { operate, OP_SQRT, ROUND } from '../fpu/arith.ts';
import {
  DOUBLE,
  EMAX,
  EMIN,
  OUT,
  PRECISION,
  SINGLE,
  packDouble,
  packSingle,
  unpackDouble,
  unpackSingle,
} from '../fpu/formats.ts';
import { propagateSse, propagateSse1 } from '../fpu/nan.ts';
import { FLAG_DE, FLAG_IE, FLAG_ZE, roundPack } from '../fpu/round.ts';
import { A, B, R, isDenormalSource } from '../fpu/value.ts';
import { ea } from './operands.ts';
import { raise } from './raise.ts';
import { checkSse, SRC } from './sse-operands.ts';

/**
 * What the SSE floating-point instructions share: MXCSR decoded once per instruction, one
 * lane of arithmetic through the soft-float, the scalar source operand, and the end of an
 * instruction, where exceptions either raise #XM (nothing written) or set MXCSR's flags.
 *
 * Exceptions follow the SDM (Vol. 1, 11.5.2): pre-computation ones (IE, DE, ZE) are found in
 * every lane first; if one is unmasked, only those flags are set and #XM is raised. Otherwise
 * the results are computed, and an unmasked post-computation one (OE, UE, PE) sets every
 * flag found and raises #XM. Only when all are masked are the results written.
 */

export const CR4_OSXMMEXCPT = 1 << 10;
const MXCSR_DAZ = 1 << 6;
const MXCSR_FZ = 1 << 15;
const PRE_COMPUTATION = FLAG_IE | FLAG_DE | FLAG_ZE;

/** MXCSR, decoded by beginFloat for the lanes of one instruction. */
export const MX = { mode: 0, masks: 0x3f, daz: false, ftz: false };

/** Each lane's result, written to the destination once the instruction cannot fault. */
export const RESULT = new Int32Array(4);

export function beginFloat(c: Cpu): void {
  const m = c.mxcsr;
  MX.mode = (m >> 13) & 3;
  MX.masks = (m >> 7) & 0x3f;
  MX.daz = (m & MXCSR_DAZ) !== 0;
  MX.ftz = (m & MXCSR_FZ) !== 0;
}

/** Unpacks lane k of a register-image array (dwords) in the given format into slot v. */
export function unpackLane(v: number, src: Int32Array, at: number, format: number): void {
  if (format === SINGLE) unpackSingle(v, src[at], MX.daz);
  else unpackDouble(v, src[at], src[at + 1], MX.daz);
}

/** Packs slot v into dst[at] (single) or dst[at..at+1] (double). */
export function packLane(v: number, dst: Int32Array, at: number, format: number): void {
  if (format === SINGLE) dst[at] = packSingle(v);
  else {
    packDouble(v);
    dst[at] = OUT[0];
    dst[at + 1] = OUT[1];
  }
}

/** Rounds the working register to `format` under MXCSR into slot r. */
export function roundLane(r: number, format: number): number {
  return roundPack(r, PRECISION[format], EMIN[format], EMAX[format], MX.mode, MX.masks, MX.ftz, 0);
}

/** One lane of add/sub/mul/div/sqrt on slots A (first source) and B: result in slot R. */
export function arithLane(op: number, format: number): number {
  const nan = op === OP_SQRT ? propagateSse1(B, R) : propagateSse(A, B, R);
  if (nan >= 0) return nan;
  const denormal = isDenormalSource(B) || (op !== OP_SQRT && isDenormalSource(A)) ? FLAG_DE : 0;
  const flags = operate(op, A, B, R, MX.mode);
  if (flags !== ROUND) return flags !== 0 ? flags : denormal;
  return denormal | roundLane(R, format);
}

/** The end of an instruction's lanes: raise for an unmasked exception, or set the flags. */
export function finishFloat(c: Cpu, flags: number): void {
  const unmasked = flags & ~MX.masks;
  if (unmasked === 0) {
    c.mxcsr |= flags;
    return;
  }
  c.mxcsr |= (unmasked & PRE_COMPUTATION) !== 0 ? flags & PRE_COMPUTATION : flags;
  if ((c.cr4 & CR4_OSXMMEXCPT) === 0)
    raise(c, UD, 0, 'unmasked SIMD floating-point exception with CR4.OSXMMEXCPT clear');
  raise(c, XM, 0, 'unmasked SIMD floating-point exception');
}

/** The checks, then the scalar W operand (the low dword, or two for a double) into SRC. */
export function srcScalar(c: Cpu, i: Insn, format: number): Int32Array {
  checkSse(c);
  const s = SRC;
  if (i.rm >= 0) {
    const k = i.rm << 2;
    s[0] = c.xmm[k];
    s[1] = c.xmm[k + 1];
  } else {
    const lo = ea(c, i);
    if (format === DOUBLE) {
      s[0] = read64(c, lo, c.tmp[1]);
      s[1] = c.tmp[0];
    } else s[0] = read32(c, lo, c.tmp[1]);
  }
  return s;
}
