import { hexAddr } from './hex.ts';
import { sizeText } from './pitfalls/space-words.ts';
import type { RangeRun } from './ranges.ts';

/** A stretch of address space where va - pa is one constant: a direct map of physical memory. */
export interface OffsetRegion {
  /** identity: va = pa; hhdm: the higher-half direct map; direct: another large one. */
  kind: 'identity' | 'hhdm' | 'direct';
  /** va - pa, modulo 2^64. */
  offset: bigint;
  /** Canonical virtual span, from the first mapped byte to the end of the last. */
  start: bigint;
  end: bigint;
  physStart: number;
  physEnd: number;
  /** Bytes mapped inside the span (less than its size where the map skips holes). */
  mappedBytes: number;
  /** "HHDM, offset 0xffff800000000000, covers 0-0x10000000". */
  label: string;
}

export interface OffsetRegionOptions {
  /** The HHDM offset the loader reported; Limine's default for the paging depth otherwise. */
  hhdmOffset?: bigint;
  /** Other constant-offset regions are kept from this many mapped bytes (16 MiB). */
  minBytes?: number;
}

/** Limine's HHDM base without KASLR: 4-level and 5-level paging. */
export const LIMINE_HHDM = { la48: 0xffff800000000000n, la57: 0xff00000000000000n };

/**
 * Constant-offset regions among `runs` (addressRanges, in virtual order): neighbouring runs
 * with the same va - pa, whatever their rights and with unmapped gaps between them allowed,
 * form one region. Identity maps and the HHDM are kept at any size, others from `minBytes`.
 */
export function offsetRegions(
  runs: RangeRun[],
  la57: boolean,
  opts: OffsetRegionOptions = {},
): OffsetRegion[] {
  const hhdm = opts.hhdmOffset ?? (la57 ? LIMINE_HHDM.la57 : LIMINE_HHDM.la48);
  const minBytes = opts.minBytes ?? 16 << 20;
  const out: OffsetRegion[] = [];
  let open: OffsetRegion | null = null;
  const close = () => {
    if (open === null) return;
    const kind = open.offset === 0n ? 'identity' : open.offset === hhdm ? 'hhdm' : 'direct';
    if (kind !== 'direct' || open.mappedBytes >= minBytes)
      out.push({ ...open, kind, label: label(kind, open) });
    open = null;
  };
  for (const r of runs) {
    const offset = BigInt.asUintN(64, r.start - BigInt(r.physStart));
    if (open !== null && offset === open.offset) {
      open.end = r.end;
      open.physEnd = r.physEnd;
      open.mappedBytes += r.size;
      continue;
    }
    close();
    open = {
      kind: 'direct',
      offset,
      start: r.start,
      end: r.end,
      physStart: r.physStart,
      physEnd: r.physEnd,
      mappedBytes: r.size,
      label: '',
    };
  }
  close();
  return out;
}

function label(kind: OffsetRegion['kind'], r: OffsetRegion): string {
  const covers = `covers ${hexAddr(r.physStart)}-${hexAddr(r.physEnd)}`;
  const span = r.physEnd - r.physStart;
  const holes = r.mappedBytes < span ? ` (${sizeText(r.mappedBytes)} of it mapped)` : '';
  if (kind === 'identity') return `identity map, ${covers}${holes}`;
  const name = kind === 'hhdm' ? 'HHDM' : 'direct map';
  return `${name}, offset ${hexAddr(r.offset)}, ${covers}${holes}`;
}
