import type { RangeRowView } from '../../../engine/ranges-view.ts';

/** A small address space as the engine sends it: a user page, an HHDM, kernel text and data. */
export const ROWS: RangeRowView[] = [
  row('0x0000000000400000', '0x0000000000400fff', 0x1000, 0x300000, { user: true, writable: true }),
  row('0xffff800000000000', '0xffff8000001fffff', 0x200000, 0, {
    writable: true,
    noExecute: true,
    pageSize: '2 MiB',
    labels: ['higher half direct map'],
  }),
  row('0xffffffff80000000', '0xffffffff80002fff', 0x3000, 0x200000, {
    global: true,
    pages: 3,
    labels: ['.text', 'kernel segment 0'],
  }),
  row('0xffffffff80003000', '0xffffffff80003fff', 0x1000, 0x203000, {
    writable: true,
    noExecute: true,
    labels: ['.data'],
  }),
];

function row(
  start: string,
  last: string,
  size: number,
  physStart: number,
  more: Partial<RangeRowView>,
): RangeRowView {
  return {
    start,
    last,
    size,
    physStart,
    physEnd: physStart + size,
    user: false,
    writable: false,
    noExecute: false,
    global: false,
    pages: 1,
    pageSize: '4 KiB',
    labels: [],
    ...more,
  };
}
