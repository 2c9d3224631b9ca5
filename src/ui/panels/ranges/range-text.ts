import type { RangeRowView } from '../../../engine/ranges-view.ts';
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

/**
 * The rows as plain text, one line each under a header, columns padded to line up (the
 * labels last, unpadded); `omitted` runs the view left out are said at the end.
 */
export function rangesText(rows: readonly RangeRowView[], omitted = 0): string {
  const lines = [COLUMN_TITLES, ...rows.map(rangeCells)];
  const keys = Object.keys(COLUMN_TITLES) as (keyof RangeCells)[];
  const width = (k: keyof RangeCells) => Math.max(...lines.map((l) => l[k].length));
  const widths = keys.map(width);
  const text = lines.map((l) =>
    keys
      .map((k, i) => (i === keys.length - 1 ? l[k] : l[k].padEnd(widths[i])))
      .join('  ')
      .trimEnd(),
  );
  if (omitted > 0) text.push(`… ${count(omitted)} more runs not listed`);
  return text.join('\n') + '\n';
}
