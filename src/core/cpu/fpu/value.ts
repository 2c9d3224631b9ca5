/**
 * Unpacked floating-point values, the soft-float's operands and results. Slot n of V holds
 * four int32: a tag (class, sign, denormal-source bit), the unbiased exponent and a 64-bit
 * significand hi:lo with the integer bit at bit 31 of hi, so a finite value is
 * (hi:lo) / 2^63 * 2^exp. Denormal inputs are normalized on unpacking (their exponent goes
 * below the format's minimum) and marked, so arithmetic treats every finite value alike.
 * NaNs keep their payload in hi:lo the same way (quiet bit at bit 30 of hi), which is how a
 * payload survives a conversion between formats.
 */
export const V = new Int32Array(4 * 8);

/** Slots used by the instructions: two operands, the result, a spare. */
export const A = 0;
export const B = 4;
export const R = 8;
export const T = 12;

export const ZERO = 0;
export const FINITE = 1;
export const INF = 2;
export const QNAN = 3;
export const SNAN = 4;
/** x87 encodings the 387 and later reject (unnormals, pseudo-NaNs, pseudo-infinities). */
export const UNSUPPORTED = 5;
const CLASS = 7;
export const NEG = 8;
/** Set on a finite value that was a denormal in its format (the denormal-operand flag). */
export const DENORMAL = 16;

export const TAG = 0;
export const EXP = 1;
export const HI = 2;
export const LO = 3;

export const QUIET_BIT = 0x40000000;
export const INT_BIT = -0x80000000;

export function cls(v: number): number {
  return V[v + TAG] & CLASS;
}

export function neg(v: number): boolean {
  return (V[v + TAG] & NEG) !== 0;
}

/** Whether slot v was a denormal in the format it was unpacked from (a denormal operand). */
export function isDenormalSource(v: number): boolean {
  return (V[v + TAG] & DENORMAL) !== 0;
}

export function isNan(v: number): boolean {
  const k = cls(v);
  return k === QNAN || k === SNAN;
}

export function set(v: number, tag: number, exp: number, hi: number, lo: number): void {
  V[v + TAG] = tag;
  V[v + EXP] = exp;
  V[v + HI] = hi;
  V[v + LO] = lo;
}

export function copy(to: number, from: number): void {
  V[to] = V[from];
  V[to + 1] = V[from + 1];
  V[to + 2] = V[from + 2];
  V[to + 3] = V[from + 3];
}

/** The default NaN (real indefinite): negative, quiet, payload zero. */
export function setDefaultNan(v: number): void {
  set(v, QNAN | NEG, 0, INT_BIT | QUIET_BIT, 0);
}

/** A signed zero or infinity. */
export function setSpecial(v: number, kind: number, negative: boolean): void {
  set(v, kind | (negative ? NEG : 0), 0, kind === INF ? INT_BIT : 0, 0);
}

/** Quiets a NaN in place (SNaN to QNaN), keeping sign and payload. */
export function quiet(v: number): void {
  V[v + TAG] = (V[v + TAG] & ~CLASS) | QNAN;
  V[v + HI] |= QUIET_BIT;
}

/** Magnitude comparison of two finite or zero values: -1, 0 or 1. */
export function compareMagnitude(a: number, b: number): number {
  const za = cls(a) === ZERO;
  const zb = cls(b) === ZERO;
  if (za || zb) return za && zb ? 0 : za ? -1 : 1;
  if (V[a + EXP] !== V[b + EXP]) return V[a + EXP] < V[b + EXP] ? -1 : 1;
  const ha = V[a + HI] >>> 0;
  const hb = V[b + HI] >>> 0;
  if (ha !== hb) return ha < hb ? -1 : 1;
  const la = V[a + LO] >>> 0;
  const lb = V[b + LO] >>> 0;
  return la === lb ? 0 : la < lb ? -1 : 1;
}

/** Ordered comparison of two non-NaN values: -1 (a < b), 0 or 1. Zeros compare equal. */
export function compareValues(a: number, b: number): number {
  const ka = cls(a);
  const kb = cls(b);
  if (ka === ZERO && kb === ZERO) return 0;
  const na = neg(a);
  const nb = neg(b);
  if (na !== nb) return na ? -1 : 1;
  let m: number;
  if (ka === INF || kb === INF) m = ka === kb ? 0 : ka === INF ? 1 : -1;
  else m = compareMagnitude(a, b);
  return na ? -m : m;
}
