/**
 * Hex formatting without BigInt, for output that can run to a million lines (`info tlb`).
 * Values arrive as uint32 halves or as numbers below 2^57 (page-aligned addresses, exact in
 * a double).
 */
import { TWO32 } from '../core/pair.ts';

const BYTE = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

/** Eight lowercase hex digits of a uint32 (any int32 or number is taken modulo 2^32). */
export function hex8(v: number): string {
  v >>>= 0;
  return BYTE[v >>> 24] + BYTE[(v >>> 16) & 255] + BYTE[(v >>> 8) & 255] + BYTE[v & 255];
}

/** Sixteen hex digits of the 64-bit value (hi, lo). */
export function hex16(hi: number, lo: number): string {
  return hex8(hi) + hex8(lo);
}

/** High dword of a non-negative integer number (exact for values below 2^64 that are exact). */
function hiOf(v: number): number {
  return Math.floor(v / TWO32) >>> 0;
}

/**
 * QEMU's addr_canonical: sign-extends from bit 47, or bit 56 when CR4.LA57 is set (whatever
 * the paging mode: QEMU looks only at CR4), and prints 16 digits. `v` is below 2^58.
 */
export function canonicalHex(v: number, la57: boolean): string {
  let hi = hiOf(v);
  if (la57) {
    if (hi & 0x1000000) hi |= 0xfe000000;
  } else if (hi & 0x8000) hi |= 0xffff0000;
  return hex8(hi) + hex8(v >>> 0);
}

/** A canonical address as a bigint, from a raw 48- or 57-bit value. */
export function canonicalBigInt(v: number, la57: boolean): bigint {
  const b = BigInt(v);
  const sign = la57 ? 1n << 56n : 1n << 47n;
  return b & sign ? b - (sign << 1n) + (1n << 64n) : b;
}

/** `0x`-prefixed hex for messages; bigint so any 64-bit value prints exactly. */
export function hexAddr(v: bigint | number): string {
  return '0x' + v.toString(16);
}
