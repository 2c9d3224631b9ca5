import type { Cpu } from '../cpu.ts';
import { OP_SQRT } from '../fpu/arith.ts';

import { propagateX87 } from '../fpu/nan.ts';
import { EMIN, EXTENDED } from '../fpu/formats.ts';
import { FLAG_DE, FLAG_IE, FLAG_UE, FLAG_ZE, roundAt } from '../fpu/round.ts';
import {
  A,
  B,
  EXP,
  FINITE,
  HI,
  INF,
  LO,
  NEG,
  R,
  T,
  V,
  ZERO,
  cls,
  copy,
  neg,
  set,
  setDefaultNan,
  setSpecial,
  isDenormalSource,
} from '../fpu/value.ts';
import { load, normalize, W, W1, W2, W_EXP } from '../fpu/working.ts';
import { x87Operate } from './x87-operands.ts';
import {
  beginX87,
  c1AfterRounding,
  FSW_C0,
  FSW_C1,
  FSW_C2,
  FSW_C3,
  FSW_CC,
  isEmpty,
  readSt,
  report,
  rotateDown,
  roundControl,
  roundToExtended,
  stackFault,
  WRAP_BIAS,
  writable,
  writeIndefinite,
  writeSt,
} from './x87-stack.ts';

/**
 * x87 arithmetic on the stack top: fsqrt, frndint, fscale, fxtract, fprem and fprem1, all
 * exact (fsqrt rounds by the precision control, like the basic operations).
 */

/** Reads ST0 (and ST1 when `two`); false after a stack underflow (masked: ST0 becomes the
 * default NaN). */
function operands(c: Cpu, two: boolean): boolean {
  if (isEmpty(c, 0) || (two && isEmpty(c, 1))) {
    if (stackFault(c, false)) writeIndefinite(c, 0, R);
    return false;
  }
  readSt(c, 0, A);
  if (two) readSt(c, 1, B);
  return true;
}

/** Writes R to ST0 unless an unmasked exception forbids it, and reports. */
function finish(c: Cpu, flags: number): void {
  const c1 = c1AfterRounding(flags);
  if (writable(c, flags)) writeSt(c, 0, R);
  report(c, flags, c1);
}

/** D9 FA fsqrt. */
export function fsqrt(c: Cpu): void {
  beginX87(c);
  if (!operands(c, false)) return;
  finish(c, x87Operate(c, OP_SQRT, A, A));
}

/** D9 FC frndint: ST0 rounded to an integer by the rounding control. */
export function frndint(c: Cpu): void {
  beginX87(c);
  if (!operands(c, false)) return;
  let flags = propagateX87(A, A, R);
  if (flags < 0) {
    flags = isDenormalSource(A) ? FLAG_DE : 0;
    copy(R, A);
    if (cls(A) === FINITE && V[A + EXP] < 63 && (flags & ~c.fcw) === 0) {
      load(neg(A) ? 1 : 0, V[A + EXP], V[A + HI], V[A + LO]);
      if (roundAt(95 - V[A + EXP], roundControl(c))) flags |= 32;
      if ((W[W2] | W[W1]) === 0) set(R, ZERO | (neg(A) ? NEG : 0), 0, 0, 0);
      else set(R, FINITE | (neg(A) ? NEG : 0), W[W_EXP], W[W2], W[W1]);
    }
  }
  finish(c, flags);
}

/** D9 FD fscale: ST0 * 2^trunc(ST1). */
export function fscale(c: Cpu): void {
  beginX87(c);
  if (!operands(c, true)) return;
  let flags = propagateX87(A, B, R);
  if (flags >= 0) {
    finish(c, flags);
    return;
  }
  flags = isDenormalSource(A) || isDenormalSource(B) ? FLAG_DE : 0;
  const ka = cls(A);
  const kb = cls(B);
  if (kb === INF) {
    if ((ka === ZERO && !neg(B)) || (ka === INF && neg(B))) {
      setDefaultNan(R);
      flags = FLAG_IE;
    } else if (ka === FINITE) setSpecial(R, neg(B) ? ZERO : INF, neg(A));
    else copy(R, A);
    finish(c, flags);
    return;
  }
  if (ka !== FINITE) {
    copy(R, A);
    finish(c, flags);
    return;
  }
  // trunc(ST1), clamped far beyond any exponent that could still give a finite result.
  let n = 0;
  if (kb === FINITE && V[B + EXP] >= 0) {
    const e = V[B + EXP];
    n = e > 20 ? 1 << 20 : (V[B + HI] >>> 0) >>> (31 - e);
    if (neg(B)) n = -n;
  }
  load(neg(A) ? 1 : 0, V[A + EXP] + n, V[A + HI], V[A + LO]);
  if ((flags & ~c.fcw) === 0) flags |= roundToExtended(c, R);
  finish(c, flags);
}

/** D9 F4 fxtract: ST0 becomes its exponent, then its significand (exponent 0) is pushed. */
export function fxtract(c: Cpu): void {
  beginX87(c);
  if (isEmpty(c, 0)) {
    // Both results are the default NaN after a masked underflow.
    if (stackFault(c, false)) {
      writeIndefinite(c, 0, R);
      rotateDown(c);
      writeIndefinite(c, 0, R);
    }
    return;
  }
  readSt(c, 0, A);
  if (!isEmpty(c, 7)) {
    if (stackFault(c, true)) {
      writeIndefinite(c, 0, R);
      rotateDown(c);
      writeIndefinite(c, 0, R);
    }
    return;
  }
  let flags = propagateX87(A, A, R);
  if (flags >= 0) copy(T, R);
  else {
    flags = 0;
    const k = cls(A);
    if (k === ZERO) {
      flags = FLAG_ZE;
      setSpecial(T, INF, true);
      copy(R, A);
    } else if (k === INF) {
      setSpecial(T, INF, false);
      copy(R, A);
    } else {
      flags = isDenormalSource(A) ? FLAG_DE : 0;
      // The exponent as a value: an integer, exact in extended precision.
      const e = V[A + EXP];
      if (e === 0) set(T, ZERO, 0, 0, 0);
      else {
        load(e < 0 ? 1 : 0, 31, Math.abs(e), 0);
        normalize();
        set(T, FINITE | (e < 0 ? NEG : 0), W[W_EXP], W[W2], W[W1]);
      }
      copy(R, A);
      V[R + EXP] = 0;
    }
  }
  report(c, flags, false);
  if (!writable(c, flags)) return;
  writeSt(c, 0, T);
  rotateDown(c);
  writeSt(c, 0, R);
}

/** fprem (D9 F8) and fprem1 (D9 F5, `nearest`): the partial remainder of ST0 / ST1. With an
 * exponent difference D of 64 or more, one step divides by ST1 * 2^(D - N) (truncating, even
 * for fprem1) and sets C2 to ask for another: N = 32 + (D mod 32), as measured on the host
 * (the SDM leaves N between 32 and 63). A complete remainder puts quotient bits 2, 1, 0 in
 * C0, C3, C1; an invalid operation clears C1 and C2 and leaves C0 and C3. */
export function fprem(c: Cpu, nearest: boolean): void {
  beginX87(c);
  if (!operands(c, true)) {
    c.fsw &= ~FSW_C2;
    return;
  }
  let flags = propagateX87(A, B, R);
  let cc = c.fsw & (FSW_C0 | FSW_C3);
  if (flags < 0) {
    cc = 0;
    flags = isDenormalSource(A) || isDenormalSource(B) ? FLAG_DE : 0;
    const ka = cls(A);
    const kb = cls(B);
    if (ka === INF || kb === ZERO) {
      setDefaultNan(R);
      flags = FLAG_IE;
      cc = c.fsw & (FSW_C0 | FSW_C3);
    } else if (ka === ZERO || kb === INF) copy(R, A);
    else cc = remainder(nearest);
  }
  const tiny = cls(R) === FINITE && V[R + EXP] < EMIN[EXTENDED];
  if (tiny && writable(c, flags) && (c.fcw & FLAG_UE) === 0) {
    // An exact but tiny remainder is an underflow only when UE is unmasked: it is then
    // delivered with the exponent wrapped, as for arithmetic.
    flags |= FLAG_UE;
    V[R + EXP] += WRAP_BIAS;
  }
  if (writable(c, flags)) writeSt(c, 0, R);
  else cc = c.fsw & (FSW_C0 | FSW_C3);
  c.fsw = (c.fsw & ~FSW_CC) | cc;
  report(c, flags, (cc & FSW_C1) !== 0);
}

/** |A| rem |B| into R (finite, non-zero operands); returns the condition codes. */
function remainder(nearest: boolean): number {
  const ea = V[A + EXP];
  const eb = V[B + EXP];
  let d = ea - eb;
  const partial = d >= 64;
  if (partial) d = 32 + (d & 31);
  const bHi = V[B + HI] >>> 0;
  const bLo = V[B + LO] >>> 0;
  let rHi = V[A + HI] >>> 0;
  let rLo = V[A + LO] >>> 0;
  let q = 0;
  let negative = neg(A);
  if (d < 0) {
    // |A| < |B|: quotient 0, unless fprem1 rounds A / B (>= 1/2) up to 1.
    if (!nearest || d < -1 || rHi < bHi || (rHi === bHi && rLo <= bLo)) {
      copy(R, A);
      return 0;
    }
    // R = B - A, computed at A's scale: 2 * sigB - sigA.
    const low = bLo * 2 - rLo;
    const hi = bHi * 2 - rHi + Math.floor(low / 0x1_0000_0000);
    storeRemainder(hi, low - Math.floor(low / 0x1_0000_0000) * 0x1_0000_0000, ea, !negative);
    return FSW_C1;
  }
  for (let k = 0; k <= d; k++) {
    q = (q << 1) & 7;
    if (rHi > bHi || (rHi === bHi && rLo >= bLo)) {
      const borrow = rLo < bLo ? 1 : 0;
      rLo = (rLo - bLo + (borrow ? 0x1_0000_0000 : 0)) >>> 0;
      rHi = rHi - bHi - borrow;
      q |= 1;
    }
    if (k < d) {
      rHi = rHi * 2 + (rLo >>> 31);
      rLo = (rLo << 1) >>> 0;
    }
  }
  if (nearest && !partial) {
    // Round the quotient to nearest: compare 2r with sigB.
    const twoHi = rHi * 2 + (rLo >>> 31);
    const twoLo = (rLo << 1) >>> 0;
    const above = twoHi > bHi || (twoHi === bHi && twoLo > bLo);
    const tie = twoHi === bHi && twoLo === bLo;
    if (above || (tie && (q & 1) !== 0)) {
      const borrow = bLo < rLo ? 1 : 0;
      rLo = (bLo - rLo + (borrow ? 0x1_0000_0000 : 0)) >>> 0;
      rHi = bHi - rHi - borrow;
      q = (q + 1) & 7;
      negative = !negative;
    }
  }
  storeRemainder(rHi, rLo, ea - d, negative);
  if (partial) return FSW_C2;
  return ((q & 4) !== 0 ? FSW_C0 : 0) | ((q & 2) !== 0 ? FSW_C3 : 0) | ((q & 1) !== 0 ? FSW_C1 : 0);
}

/** R = (hi:lo) / 2^63 * 2^exp, normalized; a zero remainder keeps the dividend's sign. */
function storeRemainder(hi: number, lo: number, exp: number, negative: boolean): void {
  load(negative ? 1 : 0, exp, hi, lo);
  if (!normalize()) {
    set(R, ZERO | (neg(A) ? NEG : 0), 0, 0, 0);
    return;
  }
  set(R, FINITE | (negative ? NEG : 0), W[W_EXP], W[W2], W[W1]);
}
