import { useMemo } from 'react';
import type { RangesTableView } from '../../../engine/ranges-view.ts';
import { useRowWindow } from '../../format/use-row-window.ts';
import { count } from '../../format/numbers.ts';
import { CopyButton } from './CopyButton.tsx';
import { filterRows } from './range-filter.ts';
import type { RangeFilter } from './range-filter.ts';
import { RangeFilters } from './RangeFilters.tsx';
import { COLUMN_TITLES, rangeCells, rangesText } from './range-text.ts';
import type { RangeCells } from './range-text.ts';

/** Row height in pixels: fixed, so only the rows in view are rendered. */
const ROW_PX = 18;
const COLUMNS = Object.keys(COLUMN_TITLES) as (keyof RangeCells)[];

/**
 * pagescope's own ranges: each run of pages with where it lands physically, its rights with
 * NX, its page size and what the kernel and its loader call it; filtered here in the page.
 * A click translates the run's first address.
 */
export function RangesTable(props: {
  table: RangesTableView;
  filter: RangeFilter;
  onFilter(f: RangeFilter): void;
  onAddress(va: string): void;
}) {
  const { table, filter } = props;
  const shown = useMemo(() => filterRows(table.rows, filter), [table.rows, filter]);
  const { ref, from, to } = useRowWindow(ROW_PX, shown.rows.length);
  const filtered = shown.rows.length < table.rows.length;
  return (
    <div className="ranges-table">
      <RangeFilters
        filter={filter}
        onChange={props.onFilter}
        virtError={shown.virtError}
        physError={shown.physError}
      />
      <div className="ranges-summary">
        <span data-testid="ranges-count">
          {filtered
            ? `${count(shown.rows.length)} of ${count(table.rows.length)} runs`
            : `${count(table.rows.length)} runs`}
        </span>
        {table.omitted > 0 && (
          <span className="monitor-more">
            {' '}
            · the first {count(table.rows.length)} only: {count(table.omitted)} more runs not listed
          </span>
        )}
        {table.reservedEntries > 0 && (
          <span className="monitor-more">
            {' '}
            · {count(table.reservedEntries)} entries with reserved bits left out
          </span>
        )}
        <CopyButton
          what={`${count(shown.rows.length)} runs`}
          text={() => rangesText(shown.rows, filtered ? 0 : table.omitted)}
        />
      </div>
      <div role="table" aria-label="pagescope ranges" aria-rowcount={shown.rows.length + 1}>
        <div role="row" className="range-row range-head">
          {COLUMNS.map((k) => (
            <span key={k} role="columnheader" className={`range-${k}`}>
              {COLUMN_TITLES[k]}
            </span>
          ))}
        </div>
        <div ref={ref} className="range-rows" style={{ height: shown.rows.length * ROW_PX }}>
          {shown.rows.slice(from, to).map((r, k) => {
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
