import type { Rng } from './prng.ts';

export type Width = 8 | 16 | 32 | 64;
export const WIDTHS: readonly Width[] = [8, 16, 32, 64];

export function mask(width: number): bigint {
  return (1n << BigInt(width)) - 1n;
}

/** Values where flags change meaning: zero, one, all ones, both sides of the sign boundary,
 *  alternating bits and the carries between the narrower widths. */
export function edgeValues(width: Width): bigint[] {
  const m = mask(width);
  const sign = 1n << BigInt(width - 1);
  const values = [0n, 1n, 2n, m, m - 1n, sign - 1n, sign, sign + 1n, sign - 2n];
  values.push(0x5555555555555555n & m, 0xaaaaaaaaaaaaaaaan & m, 0x0fn, 0x10n, 0x7fn, 0x80n);
  for (const w of [8, 16, 32]) {
    if (w < width) values.push(mask(w), mask(w) + 1n, 1n << BigInt(w - 1));
  }
  return values.map((v) => v & m);
}

/** An operand value: edge values half the time, otherwise random with a random magnitude so
 *  small and large numbers (and their carries) are both common. */
export function operandValue(rng: Rng, width: Width): bigint {
  const roll = rng.int(10);
  if (roll < 4) return rng.pick(edgeValues(width));
  if (roll < 6) return rng.bits(rng.int(width) + 1);
  if (roll < 7) return (mask(width) - rng.bits(rng.int(8) + 1)) & mask(width);
  return rng.bits(width);
}

export function toSigned(value: bigint, width: number): bigint {
  return BigInt.asIntN(width, value);
}
