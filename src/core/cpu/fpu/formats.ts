import {
  DENORMAL,
  EXP,
  FINITE,
  HI,
  INF,
  INT_BIT,
  LO,
  NEG,
  QNAN,
  QUIET_BIT,
  SNAN,
  UNSUPPORTED,
  V,
  ZERO,
  cls,
  neg,
  set,
} from './value.ts';

/**
 * The three IEEE binary formats the CPU stores, unpacked into and packed from value slots:
 * single (float32), double (float64) and x87 double extended (80 bits, explicit integer bit).
 * A format is its precision (significand bits with the integer bit) and exponent range.
 */
export const SINGLE = 0;
export const DOUBLE = 1;
export const EXTENDED = 2;
export const PRECISION = [24, 53, 64];
export const EMIN = [-126, -1022, -16382];
export const EMAX = [127, 1023, 16383];

/** Packed results: OUT[0] the low dword, OUT[1] the high dword (double) or the 16-bit sign
 * and exponent (extended). */
export const OUT = new Int32Array(2);

/** The 64-bit value hi:lo shifted right by n (0..63), into OUT[1]:OUT[0]. */
function shiftRight64(hi: number, lo: number, n: number): void {
  if (n === 0) {
    OUT[0] = lo;
    OUT[1] = hi;
  } else if (n < 32) {
    OUT[0] = (lo >>> n) | (hi << (32 - n));
    OUT[1] = hi >>> n;
  } else {
    OUT[0] = n < 64 ? hi >>> (n - 32) : 0;
    OUT[1] = 0;
  }
}

/** A finite non-zero significand m (hi:lo, top bit maybe clear) of a value m / 2^63 *
 * 2^exp, normalized into slot v. */
function setNormalized(v: number, tag: number, exp: number, hi: number, lo: number): void {
  if (hi === 0) {
    hi = lo;
    lo = 0;
    exp -= 32;
  }
  const s = Math.clz32(hi);
  if (s !== 0) {
    hi = (hi << s) | (lo >>> (32 - s));
    lo <<= s;
    exp -= s;
  }
  set(v, tag, exp, hi, lo);
}

/** Unpacks a float32. With daz, a denormal reads as a zero of its sign (not marked). */
export function unpackSingle(v: number, bits: number, daz: boolean): void {
  const sign = bits < 0 ? NEG : 0;
  const e = (bits >>> 23) & 0xff;
  const m = bits & 0x7fffff;
  if (e === 0xff) {
    if (m === 0) set(v, INF | sign, 0, INT_BIT, 0);
    else set(v, ((m & 0x400000) !== 0 ? QNAN : SNAN) | sign, 0, INT_BIT | (m << 8), 0);
  } else if (e !== 0) set(v, FINITE | sign, e - 127, INT_BIT | (m << 8), 0);
  else if (m === 0 || daz) set(v, ZERO | sign, 0, 0, 0);
  else setNormalized(v, FINITE | DENORMAL | sign, -126, m << 8, 0);
}

/** Unpacks a float64 given as its low and high dwords. */
export function unpackDouble(v: number, lo: number, hi: number, daz: boolean): void {
  const sign = hi < 0 ? NEG : 0;
  const e = (hi >>> 20) & 0x7ff;
  const mHi = (hi << 11) | (lo >>> 21);
  const mLo = lo << 11;
  if (e === 0x7ff) {
    if ((hi & 0xfffff) === 0 && lo === 0) set(v, INF | sign, 0, INT_BIT, 0);
    else set(v, ((hi & 0x80000) !== 0 ? QNAN : SNAN) | sign, 0, INT_BIT | mHi, mLo);
  } else if (e !== 0) set(v, FINITE | sign, e - 1023, INT_BIT | mHi, mLo);
  else if ((mHi | mLo) === 0 || daz) set(v, ZERO | sign, 0, 0, 0);
  else setNormalized(v, FINITE | DENORMAL | sign, -1022, mHi & 0x7fffffff, mLo);
}

/** Unpacks an 80-bit extended value: significand hi:lo, sign and exponent in se (16 bits).
 * Pseudo-denormals (exponent 0, integer bit set) read as the value they encode. */
export function unpackExtended(v: number, lo: number, hi: number, se: number): void {
  const sign = (se & 0x8000) !== 0 ? NEG : 0;
  const e = se & 0x7fff;
  const integer = hi < 0;
  if (e === 0x7fff) {
    if (!integer) set(v, UNSUPPORTED | sign, 0, hi, lo);
    else if ((hi & 0x7fffffff) === 0 && lo === 0) set(v, INF | sign, 0, INT_BIT, 0);
    else set(v, ((hi & QUIET_BIT) !== 0 ? QNAN : SNAN) | sign, 0, hi, lo);
  } else if (e === 0) {
    if ((hi | lo) === 0) set(v, ZERO | sign, 0, 0, 0);
    else setNormalized(v, FINITE | DENORMAL | sign, -16382, hi, lo);
  } else if (!integer) set(v, UNSUPPORTED | sign, 0, hi, lo);
  else set(v, FINITE | sign, e - 16383, hi, lo);
}

/** The float32 encoding of slot v (already rounded to single). */
export function packSingle(v: number): number {
  const sign = neg(v) ? INT_BIT : 0;
  const hi = V[v + HI];
  switch (cls(v)) {
    case ZERO:
      return sign;
    case INF:
      return sign | 0x7f800000;
    case FINITE: {
      const exp = V[v + EXP];
      if (exp >= -126) return sign | ((exp + 127) << 23) | ((hi >>> 8) & 0x7fffff);
      const shift = -126 - exp;
      return sign | (shift < 24 ? hi >>> (8 + shift) : 0);
    }
    default:
      return sign | 0x7f800000 | ((hi >>> 8) & 0x7fffff);
  }
}

/** The float64 encoding of slot v (already rounded to double), into OUT. */
export function packDouble(v: number): void {
  const sign = neg(v) ? INT_BIT : 0;
  const hi = V[v + HI];
  const lo = V[v + LO];
  let e = 0x7ff;
  switch (cls(v)) {
    case ZERO:
      OUT[0] = 0;
      OUT[1] = sign;
      return;
    case INF:
      OUT[0] = 0;
      OUT[1] = sign | 0x7ff00000;
      return;
    case FINITE: {
      const exp = V[v + EXP];
      if (exp < -1022) {
        shiftRight64(hi, lo, Math.min(63, 11 - 1022 - exp));
        OUT[1] |= sign;
        return;
      }
      e = exp + 1023;
    }
  }
  shiftRight64(hi & 0x7fffffff, lo, 11);
  OUT[1] |= sign | (e << 20);
}

/** The 80-bit encoding of slot v: significand in `sig` (low dword first), sign and exponent
 * returned as 16 bits. Unsupported encodings are stored back as they came. */
export function packExtended(v: number, sig: Int32Array, at: number): number {
  const sign = neg(v) ? 0x8000 : 0;
  const k = cls(v);
  sig[at] = V[v + LO];
  sig[at + 1] = V[v + HI];
  if (k === ZERO) return sign;
  if (k === FINITE) {
    const exp = V[v + EXP];
    if (exp >= -16382) return sign | (exp + 16383);
    shiftRight64(V[v + HI], V[v + LO], Math.min(63, -16382 - exp));
    sig[at] = OUT[0];
    sig[at + 1] = OUT[1];
    return sign;
  }
  return sign | 0x7fff;
}
