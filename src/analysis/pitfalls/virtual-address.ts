/**
 * Whether a value meant as a physical address is a higher-half virtual address: the whole
 * 64-bit value is in the canonical upper half (0xffff8000... the HHDM, 0xffffffff8... the
 * kernel image), or the 52-bit address field of an entry holds one with bits 63:52 cut off
 * (0x000fffff8..., 0x000f8000...). Physical RAM here ends below 4 GiB, so no real frame
 * looks like either.
 */
export function looksVirtual(v: bigint): boolean {
  const x = BigInt.asUintN(64, v);
  return x >> 47n === 0x1ffffn || (x & 0xfffffffffffffn) >> 47n === 0x1fn;
}

/** The 52-bit address field of an 8-byte entry (bits 51:12) as it was written. */
export function entryAddressField(lo: number, hi: number): bigint {
  return (BigInt(hi & 0xfffff) << 32n) | BigInt((lo & 0xfffff000) >>> 0);
}
