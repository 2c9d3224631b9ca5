import { FLAG_IE, FLAG_ZE, RC_DOWN } from './round.ts';
import {
  EXP,
  HI,
  INF,
  LO,
  V,
  ZERO,
  cls,
  compareMagnitude,
  neg,
  setDefaultNan,
  setSpecial,
} from './value.ts';
import { load, normalize, shiftRightJam, W, W0, W1, W2, W_EXP, W_SIGN } from './working.ts';

/**
 * The exact part of add, subtract, multiply, divide and square root on non-NaN operands. Each
 * either settles the result in slot r (zeros, infinities, invalid operations, division by
 * zero) and returns its flags, or leaves the exact result in the working register and returns
 * ROUND for the caller to round to its format. NaN operands are the caller's: SSE and the x87
 * propagate them differently (nan.ts).
 */
export const ROUND = -1;

export const OP_ADD = 0;
export const OP_SUB = 1;
export const OP_MUL = 2;
export const OP_DIV = 3;
/** Square root of b (a is not read). */
export const OP_SQRT = 4;

/** Scratch limbs for the 64 x 64-bit product: 16-bit limbs of each operand and the columns. */
const LIMB_A = new Int32Array(4);
const LIMB_B = new Int32Array(4);
const COLUMN = new Float64Array(8);

export function operate(op: number, a: number, b: number, r: number, mode: number): number {
  switch (op) {
    case OP_ADD:
    case OP_SUB:
      return add(a, b, r, neg(b) !== (op === OP_SUB), mode);
    case OP_MUL:
      return multiply(a, b, r);
    case OP_DIV:
      return divide(a, b, r);
    default:
      return squareRoot(b, r);
  }
}

function loadValue(v: number, sign: boolean): void {
  load(sign ? 1 : 0, V[v + EXP], V[v + HI], V[v + LO]);
}

function add(a: number, b: number, r: number, negB: boolean, mode: number): number {
  const ka = cls(a);
  const kb = cls(b);
  const negA = neg(a);
  if (ka === INF || kb === INF) {
    if (ka === INF && kb === INF && negA !== negB) {
      setDefaultNan(r);
      return FLAG_IE;
    }
    setSpecial(r, INF, ka === INF ? negA : negB);
    return 0;
  }
  if (ka === ZERO && kb === ZERO) {
    setSpecial(r, ZERO, negA === negB ? negA : mode === RC_DOWN);
    return 0;
  }
  if (ka === ZERO || kb === ZERO) {
    if (ka === ZERO) loadValue(b, negB);
    else loadValue(a, negA);
    return ROUND;
  }
  // The smaller magnitude, aligned to the larger one's exponent, then the larger loaded.
  const aBigger = compareMagnitude(a, b) >= 0;
  const big = aBigger ? a : b;
  const small = aBigger ? b : a;
  const bigNeg = aBigger ? negA : negB;
  const smallNeg = aBigger ? negB : negA;
  loadValue(small, smallNeg);
  shiftRightJam(V[big + EXP] - V[small + EXP]);
  const s2 = W[W2] >>> 0;
  const s1 = W[W1] >>> 0;
  const s0 = W[W0] >>> 0;
  loadValue(big, bigNeg);
  if (bigNeg === smallNeg) {
    const t0 = (W[W0] >>> 0) + s0;
    const t1 = (W[W1] >>> 0) + s1 + (t0 > 0xffffffff ? 1 : 0);
    const t2 = (W[W2] >>> 0) + s2 + (t1 > 0xffffffff ? 1 : 0);
    W[W0] = t0 | 0;
    W[W1] = t1 | 0;
    W[W2] = t2 | 0;
    if (t2 > 0xffffffff) {
      shiftRightJam(1);
      W[W2] |= 1 << 31;
      W[W_EXP]++;
    }
    return ROUND;
  }
  const t0 = (W[W0] >>> 0) - s0;
  const t1 = (W[W1] >>> 0) - s1 - (t0 < 0 ? 1 : 0);
  const t2 = (W[W2] >>> 0) - s2 - (t1 < 0 ? 1 : 0);
  W[W0] = t0 | 0;
  W[W1] = t1 | 0;
  W[W2] = t2 | 0;
  if (!normalize()) {
    // Exactly equal magnitudes: +0, or -0 when rounding down (IEEE 754, 6.3).
    setSpecial(r, ZERO, mode === RC_DOWN);
    return 0;
  }
  return ROUND;
}

function splitLimbs(v: number, limbs: Int32Array): void {
  const hi = V[v + HI];
  const lo = V[v + LO];
  limbs[0] = lo & 0xffff;
  limbs[1] = lo >>> 16;
  limbs[2] = hi & 0xffff;
  limbs[3] = hi >>> 16;
}

function multiply(a: number, b: number, r: number): number {
  const ka = cls(a);
  const kb = cls(b);
  const negative = neg(a) !== neg(b);
  if (ka === INF || kb === INF) {
    if (ka === ZERO || kb === ZERO) {
      setDefaultNan(r);
      return FLAG_IE;
    }
    setSpecial(r, INF, negative);
    return 0;
  }
  if (ka === ZERO || kb === ZERO) {
    setSpecial(r, ZERO, negative);
    return 0;
  }
  splitLimbs(a, LIMB_A);
  splitLimbs(b, LIMB_B);
  COLUMN.fill(0);
  for (let i = 0; i < 4; i++) for (let j = 0; j < 4; j++) COLUMN[i + j] += LIMB_A[i] * LIMB_B[j];
  // Carry the columns into 16-bit limbs (each column sum stays below 2^53).
  let carry = 0;
  for (let k = 0; k < 8; k++) {
    const t = COLUMN[k] + carry;
    COLUMN[k] = t % 0x10000;
    carry = Math.floor(t / 0x10000);
  }
  W[W_SIGN] = negative ? 1 : 0;
  W[W_EXP] = V[a + EXP] + V[b + EXP] + 1;
  W[W2] = (COLUMN[7] << 16) | COLUMN[6];
  W[W1] = (COLUMN[5] << 16) | COLUMN[4];
  W[W0] = (COLUMN[3] << 16) | COLUMN[2] | (COLUMN[1] !== 0 || COLUMN[0] !== 0 ? 1 : 0);
  // The product of two significands in [1, 2) is in [1, 4): one step of normalization at most.
  normalize();
  return ROUND;
}

function divide(a: number, b: number, r: number): number {
  const ka = cls(a);
  const kb = cls(b);
  const negative = neg(a) !== neg(b);
  if (ka === INF) {
    if (kb === INF) {
      setDefaultNan(r);
      return FLAG_IE;
    }
    setSpecial(r, INF, negative);
    return 0;
  }
  if (kb === INF) {
    setSpecial(r, ZERO, negative);
    return 0;
  }
  if (kb === ZERO) {
    if (ka === ZERO) {
      setDefaultNan(r);
      return FLAG_IE;
    }
    setSpecial(r, INF, negative);
    return FLAG_ZE;
  }
  if (ka === ZERO) {
    setSpecial(r, ZERO, negative);
    return 0;
  }
  // Restoring division, one quotient bit a step: 66 bits and a sticky remainder bit.
  const bHi = V[b + HI] >>> 0;
  const bLo = V[b + LO] >>> 0;
  let remHi = V[a + HI] >>> 0;
  let remLo = V[a + LO] >>> 0;
  let exp = V[a + EXP] - V[b + EXP];
  W[W2] = 0;
  W[W1] = 0;
  W[W0] = 0;
  if (remHi < bHi || (remHi === bHi && remLo < bLo)) {
    exp--;
    remHi = remHi * 2 + (remLo >>> 31);
    remLo = (remLo << 1) >>> 0;
  }
  for (let n = 0; n < 66; n++) {
    if (remHi > bHi || (remHi === bHi && remLo >= bLo)) {
      const borrow = remLo < bLo ? 1 : 0;
      remLo = (remLo - bLo + (borrow ? 0x1_0000_0000 : 0)) >>> 0;
      remHi = remHi - bHi - borrow;
      const bit = 95 - n;
      W[W0 - (bit >> 5)] |= 1 << (bit & 31);
    }
    remHi = remHi * 2 + (remLo >>> 31);
    remLo = (remLo << 1) >>> 0;
  }
  if (remHi !== 0 || remLo !== 0) W[W0] |= 1;
  W[W_SIGN] = negative ? 1 : 0;
  W[W_EXP] = exp;
  return ROUND;
}

/** Remainder and root of the digit-by-digit square root, as three 32-bit limbs each. */
const REM = new Float64Array(3);
const ROOT = new Float64Array(3);
const TRIAL = new Float64Array(3);

/** x = x * 2^shift + add, for shift 1 or 2, on three limbs. */
function shiftAdd(x: Float64Array, shift: number, add: number): void {
  const f = 2 ** shift;
  let carry = add;
  for (let k = 0; k < 3; k++) {
    const t = x[k] * f + carry;
    x[k] = t % 0x1_0000_0000;
    carry = Math.floor(t / 0x1_0000_0000);
  }
}

function atLeast(x: Float64Array, y: Float64Array): boolean {
  for (let k = 2; k >= 0; k--) if (x[k] !== y[k]) return x[k] > y[k];
  return true;
}

function subtractFrom(x: Float64Array, y: Float64Array): void {
  let borrow = 0;
  for (let k = 0; k < 3; k++) {
    let t = x[k] - y[k] - borrow;
    borrow = t < 0 ? 1 : 0;
    if (t < 0) t += 0x1_0000_0000;
    x[k] = t;
  }
}

function squareRoot(b: number, r: number): number {
  const k = cls(b);
  if (k === ZERO || (k === INF && !neg(b))) {
    setSpecial(r, k, neg(b));
    return 0;
  }
  if (neg(b)) {
    setDefaultNan(r);
    return FLAG_IE;
  }
  // The root of X = significand * 2^(67 + exp parity), a 132-bit integer, is a 66-bit
  // integer R; sqrt(value) = R / 2^65 * 2^((exp - parity) / 2).
  const exp = V[b + EXP];
  const parity = exp & 1;
  const shift = 67 + parity;
  const hi = V[b + HI] >>> 0;
  const lo = V[b + LO] >>> 0;
  REM.fill(0);
  ROOT.fill(0);
  for (let pair = 0; pair < 66; pair++) {
    const top = 131 - 2 * pair;
    const bits = significandBit(hi, lo, top - shift) * 2 + significandBit(hi, lo, top - 1 - shift);
    shiftAdd(REM, 2, bits);
    TRIAL.set(ROOT);
    shiftAdd(TRIAL, 2, 1);
    if (atLeast(REM, TRIAL)) {
      subtractFrom(REM, TRIAL);
      shiftAdd(ROOT, 1, 1);
    } else shiftAdd(ROOT, 1, 0);
  }
  // R has 66 bits: bits 65..34 to w2, 33..2 to w1, 1..0 to the top of w0.
  W[W_SIGN] = 0;
  W[W_EXP] = (exp - parity) / 2;
  W[W2] = ROOT[2] * 2 ** 30 + Math.floor(ROOT[1] / 4);
  W[W1] = (ROOT[1] % 4) * 2 ** 30 + Math.floor(ROOT[0] / 4);
  W[W0] = ((ROOT[0] % 4) << 30) | (REM[0] !== 0 || REM[1] !== 0 || REM[2] !== 0 ? 1 : 0);
  return ROUND;
}

/** Bit n of the 64-bit significand hi:lo; 0 outside it. */
function significandBit(hi: number, lo: number, n: number): number {
  if (n < 0 || n > 63) return 0;
  return n >= 32 ? (hi >>> (n - 32)) & 1 : (lo >>> n) & 1;
}
