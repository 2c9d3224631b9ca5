/** Hex for views: one style everywhere, so the UI never formats numbers itself. */

/** A 64-bit value as 0x and 16 digits (virtual addresses, raw entries, registers). */
export function hex64(v: bigint): string {
  return '0x' + BigInt.asUintN(64, v).toString(16).padStart(16, '0');
}

/** A physical address or a small value: 0x and as few digits as it takes. */
export function hexShort(v: bigint | number): string {
  return '0x' + v.toString(16);
}

/** An int32 pair (lo, hi) as a bigint. */
export function pairBig(lo: number, hi: number): bigint {
  return (BigInt(hi >>> 0) << 32n) | BigInt(lo >>> 0);
}

/** Bytes as words: 4 KiB, 2 MiB, 1 GiB, 512 GiB, 256 TiB. */
export function sizeWords(bytes: number): string {
  const units = ['bytes', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];
  let u = 0;
  while (bytes >= 1024 && bytes % 1024 === 0 && u < units.length - 1) {
    bytes /= 1024;
    u++;
  }
  return `${bytes} ${units[u]}`;
}
