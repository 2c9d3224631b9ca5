import { parseAddress } from '../../../engine/address-input.ts';
import type { RangeRowView } from '../../../engine/ranges-view.ts';

/** What the ranges table is narrowed to; every part is optional ('' and false: no limit). */
export interface RangeFilter {
  privilege: 'any' | 'user' | 'kernel';
  writable: boolean;
  executable: boolean;
  /** Virtual and physical ranges as typed: `0xffff800000000000-0xffff800010000000` or one address. */
  virt: string;
  phys: string;
}

export const NO_FILTER: RangeFilter = {
  privilege: 'any',
  writable: false,
  executable: false,
  virt: '',
  phys: '',
};

/** A typed range: first and last address (inclusive); null when nothing was typed. */
export type HexRange = { ok: true; first: bigint; last: bigint } | { ok: false; error: string };

/**
 * Reads `start-end` (end exclusive, as `info mem` prints ranges) or a single address (the runs
 * holding it), in hex as the translation input takes it (0x optional, `_` between groups).
 */
export function parseHexRange(text: string): HexRange | null {
  if (text.trim() === '') return null;
  const parts = text.split('-');
  if (parts.length > 2) return { ok: false, error: `"${text.trim()}": write start-end.` };
  const ends = parts.map((p) => parseAddress(p, []));
  for (const e of ends) if (!e.ok) return e;
  const [first, end] = ends.map((e) => (e.ok ? e.va : 0n));
  if (end === undefined) return { ok: true, first, last: first };
  if (end <= first)
    return { ok: false, error: `The end ${parts[1].trim()} is not past the start.` };
  return { ok: true, first, last: end - 1n };
}

/** 0x and 16 digits: how the view writes virtual addresses, so they compare as text. */
const hex16 = (v: bigint) => '0x' + v.toString(16).padStart(16, '0');

export interface FilteredRows {
  rows: RangeRowView[];
  /** Why a typed range is not applied, per input. */
  virtError: string | null;
  physError: string | null;
}

/** The rows `filter` keeps: a range keeps the runs that overlap it. */
export function filterRows(rows: readonly RangeRowView[], filter: RangeFilter): FilteredRows {
  const virt = parseHexRange(filter.virt);
  const phys = parseHexRange(filter.phys);
  const v = virt?.ok ? { first: hex16(virt.first), last: hex16(virt.last) } : null;
  const p = phys?.ok ? { first: Number(phys.first), last: Number(phys.last) } : null;
  const kept = rows.filter(
    (r) =>
      (filter.privilege === 'any' || r.user === (filter.privilege === 'user')) &&
      (!filter.writable || r.writable) &&
      (!filter.executable || !r.noExecute) &&
      (!v || (r.start <= v.last && r.last >= v.first)) &&
      (!p || (r.physStart <= p.last && r.physEnd - 1 >= p.first)),
  );
  return {
    rows: kept,
    virtError: virt && !virt.ok ? virt.error : null,
    physError: phys && !phys.ok ? phys.error : null,
  };
}
