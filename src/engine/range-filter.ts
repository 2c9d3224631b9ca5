import type { RangeRun } from '../analysis/index.ts';
import { parseAddress } from './address-input.ts';

/**
 * What the ranges table is narrowed to, as the page sends it with what the panels look at;
 * every part is optional ('' and false: no limit). The engine applies it to every run of the
 * address space before the table is capped, so a run past the first rows can be found.
 */
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

/** Why a typed range is not applied (it is then no limit), per input; null when it is. */
export interface RangeFilterErrors {
  virt: string | null;
  phys: string | null;
}

/** A filter read once, to be put to hundreds of thousands of runs. */
export interface ReadRangeFilter {
  privilege: RangeFilter['privilege'];
  writable: boolean;
  executable: boolean;
  /** Inclusive bounds; null when the input is empty or does not read. */
  virt: { first: bigint; last: bigint } | null;
  phys: { first: number; last: number } | null;
  errors: RangeFilterErrors;
}

/** Reads the typed ranges; never throws: text that does not read limits nothing and says why. */
export function readRangeFilter(filter: RangeFilter): ReadRangeFilter {
  const virt = parseHexRange(filter.virt);
  const phys = parseHexRange(filter.phys);
  return {
    privilege: filter.privilege,
    writable: filter.writable,
    executable: filter.executable,
    virt: virt?.ok ? { first: virt.first, last: virt.last } : null,
    phys: phys?.ok ? { first: Number(phys.first), last: Number(phys.last) } : null,
    errors: {
      virt: virt && !virt.ok ? virt.error : null,
      phys: phys && !phys.ok ? phys.error : null,
    },
  };
}

/** Whether the filter keeps `run`: each part must hold; a range keeps the runs overlapping it. */
export function runMatches(run: RangeRun, f: ReadRangeFilter): boolean {
  return (
    (f.privilege === 'any' || run.user === (f.privilege === 'user')) &&
    (!f.writable || run.writable) &&
    (!f.executable || !run.noExecute) &&
    (!f.virt || (run.start <= f.virt.last && run.end > f.virt.first)) &&
    (!f.phys || (run.physStart <= f.phys.last && run.physEnd > f.phys.first))
  );
}

/** Whether any part of the filter limits the runs (text that does not read does not). */
export function limitsRuns(f: ReadRangeFilter): boolean {
  return f.privilege !== 'any' || f.writable || f.executable || f.virt !== null || f.phys !== null;
}
