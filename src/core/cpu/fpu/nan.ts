import { FLAG_IE } from './round.ts';
import {
  HI,
  LO,
  QNAN,
  SNAN,
  UNSUPPORTED,
  V,
  cls,
  copy,
  isNan,
  neg,
  quiet,
  setDefaultNan,
} from './value.ts';

/**
 * NaN operands (SDM Vol. 1, table 4-7). An SNaN operand is an invalid operation; the result
 * is a NaN operand made quiet, chosen by rule: SSE takes the first operand that is a NaN, the
 * x87 prefers a QNaN over an SNaN and otherwise the larger significand.
 * Each returns -1 when neither operand is a NaN, else the flags, with the result in slot r.
 */
function snanFlag(a: number, b: number): number {
  return cls(a) === SNAN || cls(b) === SNAN ? FLAG_IE : 0;
}

/** SSE: `a` is the first source (the destination), `b` the second. */
export function propagateSse(a: number, b: number, r: number): number {
  if (!isNan(a) && !isNan(b)) return -1;
  copy(r, isNan(a) ? a : b);
  quiet(r);
  return snanFlag(a, b);
}

/** SSE, one operand (sqrt, conversions). */
export function propagateSse1(b: number, r: number): number {
  if (!isNan(b)) return -1;
  copy(r, b);
  quiet(r);
  return snanFlag(b, b);
}

/** The NaN with the larger significand; of two equal ones, the positive one. */
function largerSignificand(a: number, b: number): number {
  const ha = V[a + HI] & 0x3fffffff;
  const hb = V[b + HI] & 0x3fffffff;
  if (ha !== hb) return ha > hb ? a : b;
  const la = V[a + LO] >>> 0;
  const lb = V[b + LO] >>> 0;
  if (la !== lb) return la > lb ? a : b;
  return neg(a) ? b : a;
}

/** x87: unsupported encodings are invalid and give the default NaN. */
export function propagateX87(a: number, b: number, r: number): number {
  if (cls(a) === UNSUPPORTED || cls(b) === UNSUPPORTED) {
    setDefaultNan(r);
    return FLAG_IE;
  }
  const na = isNan(a);
  const nb = isNan(b);
  if (!na && !nb) return -1;
  let pick: number;
  if (na && nb) pick = cls(a) === cls(b) ? largerSignificand(a, b) : cls(a) === QNAN ? a : b;
  else pick = na ? a : b;
  copy(r, pick);
  quiet(r);
  return snanFlag(a, b);
}
