/** Counts with thousands separators, fixed to en-US so screenshots and tests read the same. */
export function count(n: number): string {
  return n.toLocaleString('en-US');
}

export function mips(v: number | null): string {
  if (v === null) return '';
  return v >= 100 ? `${v.toFixed(0)} MIPS` : `${v.toFixed(1)} MIPS`;
}

/** Bytes as KiB / MiB for file and RAM sizes. */
export function bytes(n: number): string {
  if (n >= 1 << 20) return `${(n / (1 << 20)).toFixed(n % (1 << 20) ? 1 : 0)} MiB`;
  if (n >= 1024) return `${(n / 1024).toFixed(n % 1024 ? 1 : 0)} KiB`;
  return `${n} bytes`;
}
