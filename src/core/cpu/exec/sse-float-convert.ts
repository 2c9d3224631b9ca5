import type { Cpu } from '../cpu.ts';
import type { Insn } from '../decode/insn.ts';
import { DOUBLE, SINGLE } from '../fpu/formats.ts';
import { INT, loadInteger, toInteger } from '../fpu/integer.ts';
import { propagateSse1 } from '../fpu/nan.ts';
import { FLAG_DE, RC_ZERO } from '../fpu/round.ts';
import { B, EXP, FINITE, HI, LO, R, V, cls, copy, neg, isDenormalSource } from '../fpu/value.ts';
import { load } from '../fpu/working.ts';
import { readE, readE64, setReg } from './operands.ts';
import {
  beginFloat,
  finishFloat,
  MX,
  packLane,
  RESULT,
  roundLane,
  srcScalar,
  unpackLane,
} from './sse-float-lane.ts';
import { checkSse, srcX } from './sse-operands.ts';
import { FLOAT_DOUBLE } from './sse-float-arith.ts';

/**
 * The SSE/SSE2 conversions between int32/int64, single and double: cvtsi2ss/sd,
 * cvt(t)ss2si/cvt(t)sd2si, and the packed and scalar forms between dword integers, singles
 * and doubles. Float-to-integer conversions round by MXCSR.RC, or towards zero (the cvtt
 * forms); results out of range are the integer indefinite with IE.
 */

/** Element kinds of the packed conversions (SINGLE and DOUBLE are the float ones). */
const INT32 = 2;
/** i.op of cvt(t)ss2si/sd2si: FLOAT_DOUBLE for the sd forms, CVT_TRUNCATE for the cvtt. */
export const CVT_TRUNCATE = 32;

/** Converts the float in slot B to an integer of `bits` (RESULT[at], RESULT[at + 1]). */
function floatToIntLane(bits: number, truncate: boolean, at: number): number {
  const flags = toInteger(B, bits, truncate ? RC_ZERO : MX.mode);
  RESULT[at] = INT[0];
  if (bits === 64) RESULT[at + 1] = INT[1];
  return flags;
}

/** Converts slot B to `format` into slot R, rounding by MXCSR. */
function floatToFloatLane(format: number): number {
  const nan = propagateSse1(B, R);
  if (nan >= 0) return nan;
  if (cls(B) !== FINITE) {
    copy(R, B);
    return 0;
  }
  load(neg(B) ? 1 : 0, V[B + EXP], V[B + HI], V[B + LO]);
  return (isDenormalSource(B) ? FLAG_DE : 0) | roundLane(R, format);
}

/** The signed integer lo:hi converted to `format` into slot R. */
function intToFloatLane(lo: number, hi: number, format: number): number {
  return loadInteger(R, lo, hi) ? roundLane(R, format) : 0;
}

/** F3/F2 0F 2A cvtsi2ss/cvtsi2sd xmm, r/m32/64: the low element; the rest is kept. */
export function cvtIntToScalar(c: Cpu, i: Insn): void {
  checkSse(c);
  let lo: number;
  let hi: number;
  if (i.osize === 8) {
    lo = readE64(c, i);
    hi = c.tmp[0];
  } else {
    lo = readE(c, i, 4);
    hi = lo >> 31;
  }
  beginFloat(c);
  const format = (i.op & FLOAT_DOUBLE) !== 0 ? DOUBLE : SINGLE;
  const flags = intToFloatLane(lo, hi, format);
  finishFloat(c, flags);
  packLane(R, c.xmm, i.reg << 2, format);
}

/** F3/F2 0F 2C/2D cvt(t)ss2si/cvt(t)sd2si r32/64, xmm/m. */
export function cvtScalarToInt(c: Cpu, i: Insn): void {
  const format = (i.op & FLOAT_DOUBLE) !== 0 ? DOUBLE : SINGLE;
  const s = srcScalar(c, i, format);
  beginFloat(c);
  unpackLane(B, s, 0, format);
  const flags = floatToIntLane(i.osize === 8 ? 64 : 32, (i.op & CVT_TRUNCATE) !== 0, 0);
  finishFloat(c, flags);
  if (i.osize === 8) {
    c.gpr[2 * i.reg] = RESULT[0];
    c.gpr[2 * i.reg + 1] = RESULT[1];
  } else setReg(c.gpr, i.reg, 4, RESULT[0]);
}

/** The packed and scalar float/float and float/dword conversions, as a table indexed by
 * i.op: source kind, destination kind, lanes, source operand (0: xmm/m128, 1: the low
 * quadword or m64, 2: the scalar element), and whether it truncates. */
export const CVT_DQ2PS = 0;
export const CVT_PS2DQ = 1;
export const CVT_TPS2DQ = 2;
export const CVT_DQ2PD = 3;
export const CVT_PD2DQ = 4;
export const CVT_TPD2DQ = 5;
export const CVT_PS2PD = 6;
export const CVT_PD2PS = 7;
export const CVT_SS2SD = 8;
export const CVT_SD2SS = 9;
const FROM = [INT32, SINGLE, SINGLE, INT32, DOUBLE, DOUBLE, SINGLE, DOUBLE, SINGLE, DOUBLE];
const TO = [SINGLE, INT32, INT32, DOUBLE, INT32, INT32, DOUBLE, SINGLE, DOUBLE, SINGLE];
const LANES = [4, 4, 4, 2, 2, 2, 2, 2, 1, 1];
const SOURCE = [0, 0, 0, 1, 0, 0, 1, 0, 2, 2];
const WHOLE = 0;
const SCALAR = 2;

const step = (kind: number) => (kind === DOUBLE ? 2 : 1);

export function cvtPacked(c: Cpu, i: Insn): void {
  const from = FROM[i.op];
  const to = TO[i.op];
  const source = SOURCE[i.op];
  const s =
    source === WHOLE
      ? srcX(c, i)
      : srcScalar(c, i, source === SCALAR && from !== DOUBLE ? SINGLE : DOUBLE);
  beginFloat(c);
  const truncate = i.op === CVT_TPS2DQ || i.op === CVT_TPD2DQ;
  const lanes = LANES[i.op];
  let flags = 0;
  RESULT.fill(0);
  for (let k = 0; k < lanes; k++) {
    const at = k * step(from);
    const out = k * step(to);
    if (from === INT32) flags |= intToFloatLane(s[at], s[at] >> 31, to);
    else {
      unpackLane(B, s, at, from);
      flags |= to === INT32 ? floatToIntLane(32, truncate, out) : floatToFloatLane(to);
    }
    if (to !== INT32) packLane(R, RESULT, out, to);
  }
  finishFloat(c, flags);
  const x = c.xmm;
  const d = i.reg << 2;
  const written = source === SCALAR ? step(to) : 4;
  for (let k = 0; k < written; k++) x[d + k] = RESULT[k];
}
