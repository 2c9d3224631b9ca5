/**
 * 64-bit values as (lo, hi) int32 pairs, the representation of every 64-bit quantity in the
 * hot path. Sums are formed in doubles (exact below 2^53) and split back into a pair.
 */
export const TWO32 = 4294967296;
/** 2^-32: multiplying by it is exact and much cheaper than dividing by 2^32. */
export const INV_TWO32 = 1 / TWO32;

/** The high-dword carry of a double sum `s` whose low dword is `lo` (= s | 0): -1, 0, 1, 2... */
export function carryOf(s: number, lo: number): number {
  return (s - (lo >>> 0)) * INV_TWO32;
}

/** A pair as an unsigned number (exact below 2^53: physical addresses, counters). */
export function pairToNumber(lo: number, hi: number): number {
  return (hi >>> 0) * TWO32 + (lo >>> 0);
}
