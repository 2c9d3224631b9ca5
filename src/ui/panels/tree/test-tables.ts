import { tableKey } from '../../../engine/views.ts';
import type { TableEntryView, TableRef, TableView } from '../../../engine/views.ts';
import type { TreeOpenState } from './tree-data.ts';

/** Table views as the engine sends them, made by hand for the tree's tests and the bench. */

export const ref = (phys: number, depth: number, va = 0): TableRef => ({ phys, depth, va });

const hex = (n: number) => '0x' + n.toString(16).padStart(16, '0');

/** Entry `index`: a table pointer when `child` is given, else a 4 KiB page (at `frame`). */
export function entry(index: number, child: TableRef | null, frame = 0): TableEntryView {
  return {
    index,
    count: 1,
    level: child ? 'PD' : 'PT',
    va: hex(index),
    vaLast: hex(index),
    span: '4 KiB',
    raw: hex(frame + 3),
    target: hex(frame),
    leaf: child === null,
    rights: 'rw-',
    flags: ['RW'],
    problems: [],
    child,
  };
}

/** A table; the stamp stands for its content: give a new one with new entries. */
export function table(r: TableRef, entries: TableEntryView[], stamp = 'first'): TableView {
  return {
    ref: r,
    key: tableKey(r),
    level: 'x',
    phys: hex(r.phys),
    va: hex(r.va),
    present: entries.length,
    entries,
    stamp,
  };
}

/** Every table shown in full and every table below the root's open. */
export function allOpen(tables: readonly TableView[]): TreeOpenState {
  const keys = tables.map((t) => t.key);
  return {
    expanded: Object.fromEntries(keys.slice(1).map((k) => [k, true])),
    closedTop: {},
    showAll: Object.fromEntries(keys.map((k) => [k, true as const])),
  };
}

/**
 * A large open tree: a root of `pds` entries, each to a PD of `pts` entries, each to a PT of
 * 512 pages, all open and shown in full (2 and 500 make 513,003 rows). Tables come root,
 * PDs, PTs in order.
 */
export function bigTree(pds: number, pts: number): TableView[] {
  const pdRefs = Array.from({ length: pds }, (_, i) => ref(0x1000_0000 + i * 0x1000, 2, i << 30));
  const ptRefs = pdRefs.map((pd, p) =>
    Array.from({ length: pts }, (_, i) => ref((p * pts + i + 1) * 0x1000, 1, pd.va + i * 0x200000)),
  );
  const pages = (t: TableRef) => Array.from({ length: 512 }, (_, i) => entry(i, null, t.phys + i));
  return [
    table(
      ref(0x2000_0000, 4),
      pdRefs.map((r, i) => entry(i, r)),
    ),
    ...pdRefs.map((r, p) =>
      table(
        r,
        ptRefs[p].map((c, i) => entry(i, c)),
      ),
    ),
    ...ptRefs.flat().map((r) => table(r, pages(r))),
  ];
}
