import { hexAddr } from '../hex.ts';
import type { RangeRun } from '../ranges.ts';

/** The canonical upper half, where kernels live: 0xffff800000000000 and up. */
export const UPPER_HALF = 0xffff800000000000n;

/** "0xffffffff80000000-0xffffffff80003000 (12 KiB)". */
function rangeText(r: RangeRun): string {
  return `${hexAddr(r.start)}-${hexAddr(r.end)} (${sizeText(r.size)})`;
}

/** "the first of 3 ranges, 0x...-0x... (12 KiB); 2 MiB in all" for a list of runs. */
export function rangesText(runs: RangeRun[]): string {
  const total = runs.reduce((n, r) => n + r.size, 0);
  if (runs.length === 1) return rangeText(runs[0]);
  return `${runs.length} ranges, ${sizeText(total)} in all, the first ${rangeText(runs[0])}`;
}

/** "12 KiB", "1.5 MiB". */
export function sizeText(bytes: number): string {
  const units = ['bytes', 'KiB', 'MiB', 'GiB', 'TiB'];
  let u = 0;
  while (bytes >= 1024 && u < units.length - 1) {
    bytes /= 1024;
    u++;
  }
  return `${Number.isInteger(bytes) ? bytes : bytes.toFixed(1)} ${units[u]}`;
}
