import type { Cpu } from '../cpu.ts';
import type { Insn } from '../decode/insn.ts';
import { DOUBLE, SINGLE } from '../fpu/formats.ts';
import { FLAG_DE, FLAG_IE } from '../fpu/round.ts';
import { A, B, R, compareValues, isNan, isDenormalSource } from '../fpu/value.ts';
import {
  arithLane,
  beginFloat,
  finishFloat,
  packLane,
  RESULT,
  srcScalar,
  unpackLane,
} from './sse-float-lane.ts';
import { srcX } from './sse-operands.ts';

/**
 * SSE/SSE2 floating-point arithmetic: add, sub, mul, div, sqrt, min, max in their ps, pd, ss
 * and sd forms. i.op = operation | FLOAT_DOUBLE | FLOAT_SCALAR. Scalar forms compute the low
 * element and keep the rest of the destination.
 */
export const FLOAT_MIN = 5;
export const FLOAT_MAX = 6;
export const FLOAT_DOUBLE = 8;
export const FLOAT_SCALAR = 16;

/** Lanes (count, dwords per lane) of the form. */
function lanes(op: number): number {
  if ((op & FLOAT_SCALAR) !== 0) return 1;
  return (op & FLOAT_DOUBLE) !== 0 ? 2 : 4;
}

export function floatArith(c: Cpu, i: Insn): void {
  const format = (i.op & FLOAT_DOUBLE) !== 0 ? DOUBLE : SINGLE;
  const s = (i.op & FLOAT_SCALAR) !== 0 ? srcScalar(c, i, format) : srcX(c, i);
  beginFloat(c);
  const x = c.xmm;
  const d = i.reg << 2;
  const op = i.op & 7;
  const step = format === DOUBLE ? 2 : 1;
  const n = lanes(i.op);
  let flags = 0;
  for (let k = 0; k < n; k++) {
    const at = k * step;
    unpackLane(A, x, d + at, format);
    unpackLane(B, s, at, format);
    if (op >= FLOAT_MIN) flags |= minMaxLane(op === FLOAT_MAX, at, format);
    else {
      flags |= arithLane(op, format);
      packLane(R, RESULT, at, format);
    }
  }
  finishFloat(c, flags);
  for (let k = 0; k < n * step; k++) x[d + k] = RESULT[k];
}

/**
 * minps/maxps and kin: the first operand if it is strictly smaller (larger), else the second:
 * so a NaN in either, or two zeros of any sign, give the second operand, unchanged (an SNaN
 * stays signaling). Any NaN, quiet or not, is an invalid operation. Under DAZ a denormal
 * operand comes back as the zero it was read as.
 */
function minMaxLane(max: boolean, at: number, format: number): number {
  let pickFirst = false;
  let flags: number;
  if (isNan(A) || isNan(B)) flags = FLAG_IE;
  else {
    flags = isDenormalSource(A) || isDenormalSource(B) ? FLAG_DE : 0;
    const order = compareValues(A, B);
    pickFirst = max ? order > 0 : order < 0;
  }
  packLane(pickFirst ? A : B, RESULT, at, format);
  return flags;
}
