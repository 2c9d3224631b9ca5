import { useMemo } from 'react';
import { readRangeFilter } from '../../../engine/range-filter.ts';
import type { RangeFilter } from '../../../engine/range-filter.ts';
import type { RangesTableView } from '../../../engine/ranges-view.ts';
import { useRowWindow } from '../../format/use-row-window.ts';
import { count } from '../../format/numbers.ts';
import { CopyButton } from './CopyButton.tsx';
import { RangeFilters } from './RangeFilters.tsx';
import { COLUMN_TITLES, rangeCells, rangesSummary, rangesText } from './range-text.ts';
import type { RangeCells } from './range-text.ts';

/** Row height in pixels: fixed, so only the rows in view are rendered. */
const ROW_PX = 18;
const COLUMNS = Object.keys(COLUMN_TITLES) as (keyof RangeCells)[];

const FILTER_PARTS = Object.keys({
  privilege: 0,
  writable: 0,
  executable: 0,
  virt: 0,
  phys: 0,
} satisfies Record<keyof RangeFilter, 0>) as (keyof RangeFilter)[];

const sameFilter = (a: RangeFilter, b: RangeFilter) => FILTER_PARTS.every((k) => a[k] === b[k]);

/**
 * pagescope's own ranges: each run of pages with where it lands physically, its rights with
 * NX, its page size and what the kernel and its loader call it. The engine filters every run
 * and sends the first ones it keeps; a click translates the run's first address.
 */
export function RangesTable(props: {
  table: RangesTableView;
  filter: RangeFilter;
  onFilter(f: RangeFilter): void;
  onAddress(va: string): void;
}) {
  const { table, filter } = props;
  const rows = table.rows;
  // Read here too, so a typo is pointed out at once, before the engine answers.
  const errors = useMemo(() => readRangeFilter(filter).errors, [filter]);
  // The rows answer the filter the engine last had; the page's may be newer.
  const pending = !sameFilter(table.filter, filter);
  const { ref, from, to } = useRowWindow(ROW_PX, rows.length);
  return (
    <div className="ranges-table">
      <RangeFilters
        filter={filter}
        onChange={props.onFilter}
        virtError={errors.virt}
        physError={errors.phys}
      />
      <div className="ranges-summary">
        <span data-testid="ranges-count" aria-busy={pending}>
          {rangesSummary(table)}
        </span>
        {pending && <span className="monitor-more"> · filtering…</span>}
        {table.reservedEntries > 0 && (
          <span className="monitor-more">
            {' '}
            · {count(table.reservedEntries)} entries with reserved bits left out
          </span>
        )}
        <CopyButton what={`${count(rows.length)} runs`} text={() => rangesText(table)} />
      </div>
      <div role="table" aria-label="pagescope ranges" aria-rowcount={rows.length + 1}>
        <div role="row" className="range-row range-head">
          {COLUMNS.map((k) => (
            <span key={k} role="columnheader" className={`range-${k}`}>
              {COLUMN_TITLES[k]}
            </span>
          ))}
        </div>
        <div ref={ref} className="range-rows" style={{ height: rows.length * ROW_PX }}>
          {rows.slice(from, to).map((r, k) => {
            const cells = rangeCells(r);
            return (
              <div
                key={r.start}
                role="row"
                aria-rowindex={from + k + 2}
                className="range-row"
                style={{ top: (from + k) * ROW_PX, height: ROW_PX }}
                onClick={() => props.onAddress(r.start)}
                title={`Translate ${r.start}`}
              >
                {COLUMNS.map((c) => (
                  <span key={c} role="cell" className={`range-${c}`}>
                    {c === 'virt' ? (
                      // The focusable part of the row, for the keyboard: its click is the row's.
                      <button className="range-link">{cells.virt}</button>
                    ) : (
                      cells[c]
                    )}
                  </span>
                ))}
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
}
