import type { RangeRowView, RangesTableView } from '../../../engine/ranges-view.ts';
import { sizeWords } from '../../../engine/format.ts';
import { count } from '../../format/numbers.ts';

/** A row's cells as the table shows them and the copied text lists them. */
export interface RangeCells {
  /** First and last byte, 16 digits each (as QEMU prints addresses). */
  virt: string;
  size: string;
  phys: string;
  /** r, w (R/W), x (not NX). */
  rights: string;
  /** U/S: user or kernel. */
  who: string;
  global: string;
  /** Page size, and the page count when more than one. */
  pages: string;
  labels: string;
}

export const COLUMN_TITLES: RangeCells = {
  virt: 'virtual (first-last)',
  size: 'size',
  phys: 'physical',
  rights: 'rwx',
  who: 'U/S',
  global: 'G',
  pages: 'pages',
  labels: 'holds',
};

const physHex = (v: number) => '0x' + v.toString(16);

export function rangeCells(r: RangeRowView): RangeCells {
  return {
    virt: `${r.start.slice(2)}-${r.last.slice(2)}`,
    size: sizeWords(r.size),
    phys: `${physHex(r.physStart)}-${physHex(r.physEnd - 1)}`,
    rights: `r${r.writable ? 'w' : '-'}${r.noExecute ? '-' : 'x'}`,
    who: r.user ? 'user' : 'kernel',
    global: r.global ? 'G' : '-',
    pages: r.pages > 1 ? `${r.pageSize} ×${count(r.pages)}` : r.pageSize,
    labels: r.labels.join(', '),
  };
}

/** The counts the summary speaks of. */
type TableCounts = Pick<RangesTableView, 'rows' | 'matching' | 'total' | 'filtered'>;

/**
 * How many runs the table shows, of how many the filter keeps, of how many there are:
 * "showing 2,000 of 131,072 matching runs (of 262,144)"; "12 runs" when that is all of them.
 */
export function rangesSummary(t: TableCounts): string {
  const shown = t.rows.length < t.matching ? `showing ${count(t.rows.length)} of ` : '';
  const runs = t.matching === 1 ? 'run' : 'runs';
  if (!t.filtered) return `${shown}${count(t.matching)} ${runs}`;
  return `${shown}${count(t.matching)} matching ${runs} (of ${count(t.total)})`;
}

/**
 * The rows shown as plain text, one line each under a header, columns padded to line up (the
 * labels last, unpadded); when they are not every run (capped, or filtered), the summary
 * says so at the end.
 */
export function rangesText(t: TableCounts): string {
  const lines = [COLUMN_TITLES, ...t.rows.map(rangeCells)];
  const keys = Object.keys(COLUMN_TITLES) as (keyof RangeCells)[];
  const width = (k: keyof RangeCells) => Math.max(...lines.map((l) => l[k].length));
  const widths = keys.map(width);
  const text = lines.map((l) =>
    keys
      .map((k, i) => (i === keys.length - 1 ? l[k] : l[k].padEnd(widths[i])))
      .join('  ')
      .trimEnd(),
  );
  if (t.filtered || t.rows.length < t.matching) text.push(`… ${rangesSummary(t)}`);
  return text.join('\n') + '\n';
}
