import { benchMachine, best } from '../src/analysis/bench-analysis.ts';
import { NO_FILTER } from '../src/engine/range-filter.ts';
import type { RangeFilter } from '../src/engine/range-filter.ts';
import { rangesTable } from '../src/engine/ranges-view.ts';

/** One figure: the table built with a filter, and what it found. */
export interface RangesTableFigure {
  filter: string;
  ms: number;
  matching: number;
  rows: number;
}

export interface RangesTableBenchResult {
  runs: number;
  figures: RangesTableFigure[];
}

/**
 * The filters timed: none, a physical range near the end of RAM (its runs lie far past the
 * first 2000), and rights (user and writable) that keep runs all through the space.
 */
const FILTERS: [string, RangeFilter][] = [
  ['none', NO_FILTER],
  ['phys 0xf0000000-0x100000000', { ...NO_FILTER, phys: '0xf0000000-0x100000000' }],
  ['user writable', { ...NO_FILTER, privilege: 'user', writable: true }],
];

/**
 * The ranges table the engine sends at each refresh (10 a second while the guest runs), over
 * the analysis bench's million-PTE space: every run is put to the filter, the first 2000 it
 * keeps become rows. Here rather than in the analysis bench: the table is the engine's.
 */
export function benchRangesTable(quick = false): RangesTableBenchResult {
  const { state, mem } = benchMachine();
  const plan = { regions: [], sections: [], symbols: [] };
  let runs = 0;
  const figures = FILTERS.map(([filter, f]) => {
    const t = best(quick ? 2 : 5, () => rangesTable(state, mem, plan, f));
    runs = t.value.total;
    return { filter, ms: t.ms, matching: t.value.matching, rows: t.value.rows.length };
  });
  return { runs, figures };
}

export function formatRangesTableBench(r: RangesTableBenchResult): string {
  return [
    `ranges table over the same space (${r.runs} runs), by filter:`,
    ...r.figures.map(
      (f) =>
        `  ${f.filter.padEnd(28)} ${f.ms.toFixed(1).padStart(7)} ms   ` +
        `${f.rows} rows of ${f.matching} matching`,
    ),
  ].join('\n');
}
