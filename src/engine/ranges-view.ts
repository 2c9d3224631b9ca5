import type { BootPlan } from '../boot/index.ts';
import type { PhysicalMemory } from '../core/memory/physical-memory.ts';
import { addressRanges, namedRanges, runLabels, translate } from '../analysis/index.ts';
import type { PagingState, RangeRun } from '../analysis/index.ts';
import { hex64, sizeWords } from './format.ts';
import { limitsRuns, NO_FILTER, readRangeFilter, runMatches } from './range-filter.ts';
import type { RangeFilter, RangeFilterErrors } from './range-filter.ts';

/**
 * One run of pagescope's ranges table (src/analysis/ranges.ts): pages that translate with the
 * same effective rights and G bit onto contiguous physical memory.
 */
export interface RangeRowView {
  /** Canonical first and last byte, 0x and 16 digits (so the UI compares them as text). */
  start: string;
  last: string;
  /** Bytes, exact (below 2^57). */
  size: number;
  /** Physical first byte and end (exclusive), exact below 2^52. */
  physStart: number;
  physEnd: number;
  user: boolean;
  writable: boolean;
  noExecute: boolean;
  global: boolean;
  pages: number;
  /** '4 KiB', '2 MiB', '1 GiB' ('4 MiB' in 32-bit paging); 'mixed' when the run has several. */
  pageSize: string;
  /** The boot regions, ELF sections and large objects the run overlaps. */
  labels: string[];
}

export interface RangesTableView {
  /** The first runs the filter keeps, in virtual order, at most MAX_RANGE_ROWS. */
  rows: RangeRowView[];
  /** Runs the filter keeps in all (every run when it limits nothing); past `rows` not sent. */
  matching: number;
  /** Runs in the address space. */
  total: number;
  /** The filter the rows answer, as sent (the page's may have moved on since). */
  filter: RangeFilter;
  /** Whether a part of it limits the runs (a typed range that does not read does not). */
  filtered: boolean;
  /** Why a typed range was not applied. */
  filterErrors: RangeFilterErrors;
  /** Present entries left out because a reserved bit is set (a walk through them faults). */
  reservedEntries: number;
}

/** Rows a view carries: a kernel mapping RAM in 4 KiB pages with mixed rights has 100 000s. */
export const MAX_RANGE_ROWS = 2000;

/**
 * The size of the run's first page (a walk to its start), or 'mixed' when the run's size is
 * not its page count times that: runs merge across page sizes where rights and frames continue.
 */
function pageSizeOf(state: PagingState, mem: PhysicalMemory, run: RangeRun): string {
  // No page is smaller than 4 KiB, so pages averaging 4 KiB are all 4 KiB: no walk needed.
  if (run.size === run.pages * 4096) return '4 KiB';
  const walk = translate(state, mem, run.start, { access: 'read', cpl: run.user ? 3 : 0 });
  const first = walk.pageSize;
  if (first === undefined) return '?';
  return first * run.pages === run.size ? sizeWords(first) : 'mixed';
}

/**
 * The ranges table of the live address space, labelled with what the boot plan names: the
 * first MAX_RANGE_ROWS runs `filter` keeps, out of all of them. Only those become rows (a
 * page walk and labels each): the rest are counted, never built.
 */
export function rangesTable(
  state: PagingState,
  mem: PhysicalMemory,
  plan: Pick<BootPlan, 'regions' | 'sections' | 'symbols'>,
  filter: RangeFilter = NO_FILTER,
): RangesTableView {
  const all = addressRanges(state, mem);
  const read = readRangeFilter(filter);
  const runs: RangeRun[] = [];
  let matching = 0;
  for (const run of all.runs) {
    if (!runMatches(run, read)) continue;
    if (matching++ < MAX_RANGE_ROWS) runs.push(run);
  }
  // Named against every run: a region given only physically is placed where any run maps it.
  const named = namedRanges(all.runs, plan);
  const labels = runLabels(runs, named);
  return {
    rows: runs.map((r, i) => ({
      start: hex64(r.start),
      last: hex64(r.end - 1n),
      size: r.size,
      physStart: r.physStart,
      physEnd: r.physEnd,
      user: r.user,
      writable: r.writable,
      noExecute: r.noExecute,
      global: r.global,
      pages: r.pages,
      pageSize: pageSizeOf(state, mem, r),
      labels: [...new Set(labels[i])],
    })),
    matching,
    total: all.runs.length,
    filter,
    filtered: limitsRuns(read),
    filterErrors: read.errors,
    reservedEntries: all.reservedEntries,
  };
}
