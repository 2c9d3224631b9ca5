import { MAP_NO_EXECUTE, MAP_USER, MAP_WRITABLE } from '../../../engine/inspector-views.ts';
import type { AddressMapView, MapRanges } from '../../../engine/inspector-views.ts';

/**
 * Permission classes, 1-8 (0 = nothing mapped): user/kernel x writable x executable. Where
 * several ranges share a pixel the one with the highest rank shows, so a writable and
 * executable page is never hidden by its read-only neighbours.
 */
export const CLASSES = [
  { name: 'kernel r--', colour: '#7d8590' },
  { name: 'kernel r-x', colour: '#a371f7' },
  { name: 'kernel rw-', colour: '#388bfd' },
  { name: 'kernel rwx', colour: '#f0883e' },
  { name: 'user r--', colour: '#3fb9a5' },
  { name: 'user r-x', colour: '#56d364' },
  { name: 'user rw-', colour: '#d29922' },
  { name: 'user rwx', colour: '#f85149' },
] as const;

/** The class (1-8) of a range's flags. */
export function classOf(flags: number): number {
  const x = (flags & MAP_NO_EXECUTE) === 0 ? 1 : 0;
  const w = (flags & MAP_WRITABLE) !== 0 ? 2 : 0;
  const u = (flags & MAP_USER) !== 0 ? 4 : 0;
  return 1 + x + w + u;
}

/** Rank for the pixel contest: writable+executable first, then user, executable, writable. */
function rank(cls: number): number {
  const c = cls - 1;
  const wx = (c & 3) === 3 ? 8 : 0;
  return wx + (c & 4) + (c & 1 ? 2 : 0) + (c & 2 ? 1 : 0);
}

/** First range whose end is past `pos` (ranges are in address order and disjoint). */
export function firstEndingAfter(r: MapRanges, pos: number): number {
  let lo = 0;
  let hi = r.count;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (r.hi[mid] <= pos) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * The class to draw in each of `width` pixels showing positions [d0, d1): every range that
 * touches a pixel competes for it, so a 4 KiB page in a 256 TiB view still shows as a pixel.
 * Costs one pass over the ranges in view plus the pixels, however many ranges there are.
 */
export function pixelClasses(r: MapRanges, d0: number, d1: number, width: number): Uint8Array {
  const out = new Uint8Array(width);
  const per = (d1 - d0) / width;
  for (let k = firstEndingAfter(r, d0); k < r.count && r.lo[k] < d1; k++) {
    const cls = classOf(r.flags[k]);
    const p0 = Math.max(0, Math.floor((r.lo[k] - d0) / per));
    const p1 = Math.min(width, Math.max(p0 + 1, Math.ceil((r.hi[k] - d0) / per)));
    for (let p = p0; p < p1; p++) if (out[p] === 0 || rank(cls) > rank(out[p])) out[p] = cls;
  }
  return out;
}

/** The canonical address at a map position (the hole put back), as a BigInt. */
export function addressAt(view: Pick<AddressMapView, 'upperHalf'>, pos: number): bigint {
  const p = BigInt(Math.floor(pos));
  const half = view.upperHalf;
  if (half === null || pos < half) return p;
  return p + (1n << 64n) - 2n * BigInt(half);
}

export function hexAddress(a: bigint): string {
  return '0x' + a.toString(16).padStart(16, '0');
}

/** The range holding `pos`, or else the nearest one within `slack` positions; -1 if none. */
export function rangeNear(r: MapRanges, pos: number, slack: number): number {
  const k = firstEndingAfter(r, pos);
  if (k < r.count && r.lo[k] <= pos) return k;
  const after = k < r.count && r.lo[k] - pos <= slack ? k : -1;
  const before = k > 0 && pos - r.hi[k - 1] <= slack ? k - 1 : -1;
  if (after >= 0 && before >= 0) return r.lo[after] - pos < pos - r.hi[before] ? after : before;
  return after >= 0 ? after : before;
}

/** Bytes as the largest whole unit: 4 KiB, 2 MiB, 1.5 GiB. */
export function sizeText(bytes: number): string {
  const units = ['bytes', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];
  let u = 0;
  while (bytes >= 1024 && u < units.length - 1) {
    bytes /= 1024;
    u++;
  }
  return `${Number.isInteger(bytes) ? bytes : bytes.toFixed(1)} ${units[u]}`;
}
