import type { MemorySpan, MemoryView } from '../../../engine/inspector-views.ts';

export const BYTES_PER_ROW = 16;
/** Rows the scroller spans: 1 MiB around the address asked for. */
export const WINDOW_ROWS = 65536;

const TOP = (1n << 64n) - 1n;

/** The first address of the scroll window: the address half a window down, 16-aligned. */
export function windowBase(address: bigint): bigint {
  const half = BigInt((WINDOW_ROWS / 2) * BYTES_PER_ROW);
  const span = BigInt(WINDOW_ROWS * BYTES_PER_ROW);
  const base = address > half ? address - half : 0n;
  return (base + span > TOP ? TOP + 1n - span : base) & ~15n;
}

export interface MemoryRow {
  address: bigint;
  /** 16 bytes, or null for a row of a span that is not readable. */
  bytes: Uint8Array | null;
  /** The span's why, on the first row of an unreadable span. */
  why: string;
  /** The whole why, for every row of an unreadable span. */
  title: string;
  physical: string | null;
}

function spanAt(spans: readonly MemorySpan[], offset: number): MemorySpan | undefined {
  return spans.find((s) => s.offset <= offset && offset < s.offset + s.length);
}

/** The rows of a memory view, one per 16 bytes. */
export function memoryRows(view: MemoryView): MemoryRow[] {
  const start = BigInt(view.start);
  const rows: MemoryRow[] = [];
  for (let off = 0; off < view.bytes.length; off += BYTES_PER_ROW) {
    const span = spanAt(view.spans, off);
    const readable = span?.readable ?? false;
    rows.push({
      address: start + BigInt(off),
      bytes: readable ? view.bytes.subarray(off, off + BYTES_PER_ROW) : null,
      why: !readable && span?.offset === off ? (span?.why ?? '') : '',
      title: readable ? '' : (span?.why ?? ''),
      physical: readable && span?.physical && span.offset === off ? span.physical : null,
    });
  }
  return rows;
}

export function asciiOf(bytes: Uint8Array): string {
  return [...bytes].map((b) => (b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : '.')).join('');
}

export function hexOf(bytes: Uint8Array): string {
  return [...bytes].map((b) => b.toString(16).padStart(2, '0')).join(' ');
}
