// Floating-point lane values for the comparisons against the host: the special encodings
// (signed zeros, denormals, the normal range's ends, infinities, quiet and signaling NaNs) and
// random values from exponent bands that make sums cancel, products and quotients overflow or
// underflow, and results round in every direction.
import type { Rng } from './gen.ts';

const SINGLE_SPECIALS = [
  0x00000000, 0x00000001, 0x007fffff, 0x00400000, 0x00800000, 0x00800001, 0x7f7fffff, 0x7f7ffffe,
  0x7f800000, 0x7fc00000, 0x7fc12345, 0x7f800001, 0x7fa00000, 0x3f800000, 0x3f800001, 0x3fffffff,
  0x4b000000, 0x4effffff, 0x4f000000, 0x5f000000, 0x3effffff, 0x3f000000, 0x33800000,
];

/** A float32's bits: special, random fraction in a band of exponents, or anything. */
export function singleBits(r: Rng): number {
  const sign = r.chance(0.5) ? 0x80000000 : 0;
  switch (r.int(6)) {
    case 0:
    case 1:
      return r.pick(SINGLE_SPECIALS) | sign | 0;
    case 2: {
      // Near 1 (and near the integer range: conversions), so operations round.
      const e = 127 + r.int(64) - 24;
      return sign | (e << 23) | (r.u32() & 0x7fffff) | 0;
    }
    case 3: {
      // Near the ends of the exponent range: overflow, underflow, denormal results.
      const e = r.chance(0.5) ? r.int(40) : 254 - r.int(40);
      return sign | (e << 23) | (r.u32() & 0x7fffff) | 0;
    }
    case 4:
      // Few fraction bits: exact results, ties.
      return sign | ((100 + r.int(56)) << 23) | ((r.u32() & 7) << 20) | 0;
    default:
      return r.u32() | 0;
  }
}

const DOUBLE_SPECIALS: [number, number][] = [
  [0, 0], [0, 1], [0x000fffff, -1], [0x00080000, 0], [0x00100000, 0], [0x00100000, 1],
  [0x7fefffff, -1], [0x7ff00000, 0], [0x7ff80000, 0], [0x7ff81234, 5], [0x7ff00000, 1],
  [0x7ff40000, 0], [0x3ff00000, 0], [0x3ff00000, 1], [0x41e00000, 0], [0x43e00000, 0],
  [0x41dfffff, -0x200000], [0x3fe00000, 0], [0x36a00000, 0], [0x47efffff, -0x20000000],
]; // prettier-ignore

/** A float64 as [high dword, low dword]. */
export function doubleBits(r: Rng): [number, number] {
  const sign = r.chance(0.5) ? 0x80000000 : 0;
  switch (r.int(6)) {
    case 0:
    case 1: {
      const [hi, lo] = r.pick(DOUBLE_SPECIALS);
      return [hi | sign | 0, lo | 0];
    }
    case 2: {
      const e = 1023 + r.int(128) - 53;
      return [sign | (e << 20) | (r.u32() & 0xfffff) | 0, r.u32() | 0];
    }
    case 3: {
      const e = r.chance(0.5) ? r.int(80) : 2046 - r.int(80);
      return [sign | (e << 20) | (r.u32() & 0xfffff) | 0, r.u32() | 0];
    }
    case 4:
      return [sign | ((900 + r.int(250)) << 20) | (r.u32() & 0xf) | 0, 0];
    default:
      return [r.u32() | 0, r.u32() | 0];
  }
}

/** Four dwords of float lanes: singles, doubles, or single-precision values widened where
 * a double holds a float (cvtps2pd and scalar forms read one or two of them). */
export function floatDwords(r: Rng, out: Int32Array, at: number): void {
  if (r.chance(0.5)) for (let k = 0; k < 4; k++) out[at + k] = singleBits(r);
  else
    for (let k = 0; k < 4; k += 2) {
      const [hi, lo] = doubleBits(r);
      out[at + k] = lo;
      out[at + k + 1] = hi;
    }
}

/** MXCSR: every rounding mode, DAZ and FZ in all combinations, mostly masked exceptions
 * (sometimes some unmasked: #XM), sometimes flags already set. */
export function randomMxcsr(r: Rng): number {
  let m = (r.int(4) << 13) | (r.chance(0.5) ? 0x40 : 0) | (r.chance(0.5) ? 0x8000 : 0);
  m |= r.chance(0.75) ? 0x1f80 : (r.u32() & 0x3f) << 7;
  if (r.chance(0.2)) m |= r.u32() & 0x3f;
  return m;
}
