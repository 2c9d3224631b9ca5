import { FLAG_IE, FLAG_PE, roundAt } from './round.ts';
import { EXP, FINITE, HI, LO, NEG, V, ZERO, cls, neg, set } from './value.ts';
import { load, normalize, W, W1, W2, W_EXP, W_SIGN } from './working.ts';

/**
 * Conversions between two's-complement integers and unpacked values: integer to the working
 * register (then rounded to a format by the caller, or stored as is: an int32 fits every
 * format but single), and a value to a 16-, 32- or 64-bit integer under a rounding mode, with
 * the "integer indefinite" (only the sign bit set) for NaNs, infinities and out-of-range
 * values.
 */

/** Integer results: INT[0] low dword, INT[1] high dword. */
export const INT = new Int32Array(2);

/** Loads the signed 64-bit integer hi:lo into slot v when it is zero (returns false), else
 * into the working register, normalized (returns true). */
export function loadInteger(v: number, lo: number, hi: number): boolean {
  if ((lo | hi) === 0) {
    set(v, ZERO, 0, 0, 0);
    return false;
  }
  const negative = hi < 0;
  if (negative) {
    lo = -lo | 0;
    hi = (~hi + (lo === 0 ? 1 : 0)) | 0;
  }
  // hi:lo in w2:w1 is hi:lo * 2^32 / 2^95 * 2^exp: exponent 63 gives hi:lo.
  load(negative ? 1 : 0, 63, hi, lo);
  normalize();
  return true;
}

/** Stores the working register (an exact integer value) into slot v, unrounded: for int32 to
 * double or extended, where it always fits. */
export function storeExact(v: number): void {
  set(v, FINITE | (W[W_SIGN] !== 0 ? NEG : 0), W[W_EXP], W[W2], W[W1]);
}

function indefinite(bits: number): number {
  INT[0] = bits === 64 ? 0 : bits === 32 ? -0x80000000 : 0x8000;
  INT[1] = bits === 64 ? -0x80000000 : 0;
  return FLAG_IE;
}

/** Slot v rounded (mode as RC encodes it) to a `bits`-bit integer in INT; returns the flags:
 * IE for NaN, infinity or out of range, PE when rounding changed the value. */
export function toInteger(v: number, bits: number, mode: number): number {
  const k = cls(v);
  if (k === ZERO) {
    INT[0] = 0;
    INT[1] = 0;
    return 0;
  }
  if (k !== FINITE) return indefinite(bits);
  const exp = V[v + EXP];
  if (exp >= bits) return indefinite(bits);
  load(neg(v) ? 1 : 0, exp, V[v + HI], V[v + LO]);
  const inexact = roundAt(95 - exp, mode);
  if ((W[W2] | W[W1]) === 0) {
    INT[0] = 0;
    INT[1] = 0;
    return inexact ? FLAG_PE : 0;
  }
  const e = W[W_EXP];
  if (e >= bits) return indefinite(bits);
  // The magnitude: the top e + 1 bits of w2:w1.
  const n = 63 - e;
  const hi = W[W2];
  const lo = W[W1];
  let mLo: number;
  let mHi: number;
  if (n >= 32) {
    mLo = hi >>> (n - 32);
    mHi = 0;
  } else {
    mLo = n === 0 ? lo : (lo >>> n) | (hi << (32 - n));
    mHi = n === 0 ? hi : hi >>> n;
  }
  const negative = W[W_SIGN] !== 0;
  // e = bits - 1 fits only as the most negative integer, 2^(bits-1) exactly.
  if (
    e === bits - 1 &&
    (!negative || (bits === 64 ? mLo !== 0 || mHi !== -0x80000000 : (mLo | 0) !== 1 << e))
  )
    return indefinite(bits);
  if (negative) {
    mLo = -mLo | 0;
    mHi = (~mHi + (mLo === 0 ? 1 : 0)) | 0;
  }
  INT[0] = bits === 16 ? mLo & 0xffff : mLo;
  INT[1] = bits === 64 ? mHi : 0;
  return inexact ? FLAG_PE : 0;
}
