import { FINITE, INF, INT_BIT, NEG, ZERO, set } from './value.ts';
import { addAt, anyBelow, bitAt, clearBelow, W, W0, W1, W2, W_EXP, W_SIGN } from './working.ts';

/**
 * Rounding the exact result in the working register to a format, once, as IEEE 754 and the
 * SDM describe it (Vol. 1, 4.8.3 and 4.9.1): the four rounding modes, tininess detected after
 * rounding (as x86 does), denormal results, flush-to-zero, overflow to infinity or to the
 * largest finite value depending on the mode. Flags come back in the bit order MXCSR and the
 * x87 status word share.
 */
export const FLAG_IE = 1;
export const FLAG_DE = 2;
export const FLAG_ZE = 4;
export const FLAG_OE = 8;
export const FLAG_UE = 16;
export const FLAG_PE = 32;

/** Rounding control, as MXCSR.RC and FCW.RC encode it. */
export const RC_NEAREST = 0;
export const RC_DOWN = 1;
export const RC_UP = 2;
export const RC_ZERO = 3;

/** Whether the last rounding increased the magnitude (the x87's C1). */
export let roundedUp = false;

const SAVED = new Int32Array(5);

/** Rounds the working significand so no bit below k is set; true if that was inexact. A
 * carry out of the top (or rounding up with k past every bit) renormalizes. */
export function roundAt(k: number, mode: number): boolean {
  const half = k >= 1 ? bitAt(k - 1) : 0;
  const rest = anyBelow(k - 1);
  if (half === 0 && !rest) return false;
  const negative = W[W_SIGN] !== 0;
  let up: boolean;
  if (mode === RC_NEAREST) up = half !== 0 && (rest || bitAt(k) !== 0);
  else if (mode === RC_DOWN) up = negative;
  else if (mode === RC_UP) up = !negative;
  else up = false;
  clearBelow(k);
  if (up && (k > 95 || addAt(k))) {
    W[W_EXP] += k > 95 ? k - 95 : 1;
    W[W2] = INT_BIT;
    W[W1] = 0;
    W[W0] = 0;
  }
  roundedUp = up;
  return true;
}

function store(v: number): void {
  const sign = W[W_SIGN] !== 0 ? NEG : 0;
  if ((W[W2] | W[W1] | W[W0]) === 0) set(v, ZERO | sign, 0, 0, 0);
  else set(v, FINITE | sign, W[W_EXP], W[W2], W[W1]);
}

/** Rounding to p bits with an unbounded exponent range reaches emin (tininess after rounding
 * says the result is then not tiny). */
function roundsToNormal(k: number, mode: number, emin: number): boolean {
  SAVED.set(W);
  roundAt(k, mode);
  const normal = W[W_EXP] >= emin;
  W.set(SAVED);
  return normal;
}

/**
 * Rounds the working register (normalized, non-zero) to p significand bits and the exponent
 * range [emin, emax], into slot v; returns the flags raised. `masks` are the masked flags:
 * an unmasked underflow or overflow leaves the rounded value with its exponent moved by
 * wrapBias into range (the x87's rule; SSE discards the result). ftz flushes tiny results to
 * zero when underflow is masked (MXCSR.FZ).
 */
export function roundPack(
  v: number,
  p: number,
  emin: number,
  emax: number,
  mode: number,
  masks: number,
  ftz: boolean,
  wrapBias: number,
): number {
  const k = 96 - p;
  roundedUp = false;
  const exp = W[W_EXP];
  if (exp < emin && (exp !== emin - 1 || !roundsToNormal(k, mode, emin))) {
    if ((masks & FLAG_UE) === 0) {
      const inexact = roundAt(k, mode);
      W[W_EXP] += wrapBias;
      // Too small even with the exponent wrapped: a zero, inexact.
      if (wrapBias !== 0 && W[W_EXP] < emin) {
        set(v, ZERO | (W[W_SIGN] !== 0 ? NEG : 0), 0, 0, 0);
        return FLAG_UE | FLAG_PE;
      }
      store(v);
      return FLAG_UE | (inexact ? FLAG_PE : 0);
    }
    if (ftz) {
      set(v, ZERO | (W[W_SIGN] !== 0 ? NEG : 0), 0, 0, 0);
      return FLAG_UE | FLAG_PE;
    }
    const inexact = roundAt(k + emin - exp, mode);
    store(v);
    return inexact ? FLAG_UE | FLAG_PE : 0;
  }
  const inexact = roundAt(k, mode);
  if (W[W_EXP] > emax) {
    if ((masks & FLAG_OE) === 0) {
      W[W_EXP] -= wrapBias;
      // Too large even with the exponent wrapped: an infinity, whatever the rounding mode.
      if (wrapBias !== 0 && W[W_EXP] > emax) {
        roundedUp = true;
        set(v, INF | (W[W_SIGN] !== 0 ? NEG : 0), 0, INT_BIT, 0);
        return FLAG_OE | FLAG_PE;
      }
      store(v);
      return FLAG_OE | (inexact ? FLAG_PE : 0);
    }
    overflowResult(v, k, emax, mode);
    return FLAG_OE | FLAG_PE;
  }
  store(v);
  return inexact ? FLAG_PE : 0;
}

/** A masked overflow gives infinity, or the largest finite value when the mode rounds
 * towards zero from that side. */
function overflowResult(v: number, k: number, emax: number, mode: number): void {
  const negative = W[W_SIGN] !== 0;
  const toInfinity =
    mode === RC_NEAREST || (mode === RC_UP && !negative) || (mode === RC_DOWN && negative);
  roundedUp = toInfinity;
  if (toInfinity) {
    set(v, INF | (negative ? NEG : 0), 0, INT_BIT, 0);
    return;
  }
  W[W_EXP] = emax;
  W[W2] = -1;
  W[W1] = -1;
  W[W0] = -1;
  clearBelow(k);
  store(v);
}
