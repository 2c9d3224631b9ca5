import type { Cpu } from '../cpu.ts';
import type { Insn } from '../decode/insn.ts';
import { srcScalar } from './sse-float-lane.ts';
import { srcX } from './sse-operands.ts';

/**
 * rcpps/rcpss and rsqrtps/rsqrtss. The SDM only bounds their relative error (|error| <=
 * 1.5 * 2^-12) and each processor family returns its own table's approximation; pagescope
 * returns the reciprocal (square root) computed in double precision and rounded to single,
 * well inside the bound. As the SDM specifies: no MXCSR flag is ever set; denormal inputs
 * count as zeros (giving infinities of their sign), tiny results are flushed to zeros of the
 * operand's sign, the root of a negative number is the default NaN, NaNs come back quiet.
 * i.op = 0 rcp, 1 rsqrt; APPROX_SCALAR for the ss forms.
 */
export const APPROX_SCALAR = 2;

const BITS = new Int32Array(1);
const FLOAT = new Float32Array(BITS.buffer);
const MIN_NORMAL = 2 ** -126;
const DEFAULT_NAN = 0xffc00000 | 0;

function approximate(bits: number, rsqrt: boolean): number {
  const exponent = bits & 0x7f800000;
  if (exponent === 0x7f800000 && (bits & 0x7fffff) !== 0) return bits | 0x400000;
  const sign = bits & 0x80000000;
  if (exponent === 0) return sign | 0x7f800000;
  BITS[0] = bits;
  const x = FLOAT[0];
  if (rsqrt && x < 0) return DEFAULT_NAN;
  const y = rsqrt ? 1 / Math.sqrt(x) : 1 / x;
  FLOAT[0] = Math.abs(y) < MIN_NORMAL ? 0 : y;
  return BITS[0] | sign;
}

export function floatApprox(c: Cpu, i: Insn): void {
  const scalar = (i.op & APPROX_SCALAR) !== 0;
  const s = scalar ? srcScalar(c, i, 0) : srcX(c, i);
  const x = c.xmm;
  const d = i.reg << 2;
  const rsqrt = (i.op & 1) !== 0;
  const n = scalar ? 1 : 4;
  for (let k = 0; k < n; k++) x[d + k] = approximate(s[k], rsqrt);
}
