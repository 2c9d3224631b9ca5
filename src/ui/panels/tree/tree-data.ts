import { tableKey } from '../../../engine/views.ts';
import type { TableEntryView, TableView } from '../../../engine/views.ts';

/** Entries a table shows before a "show all" node, so a full PT does not swamp the panel. */
export const ENTRIES_SHOWN = 64;

/** What one row of the tree shows: built for the rows in view only (tree-layout.ts). */
export type TreeDatum =
  | { kind: 'root'; id: string; table: TableView }
  | {
      kind: 'entry';
      id: string;
      entry: TableEntryView;
      /** The table this entry points to, when it can be opened, and whether it is. */
      childKey: string | null;
      open: boolean;
      /** The table the entry sits in (its key), for the tree's bookkeeping. */
      parentKey: string;
      /** The entry sits in the root table: its table is open unless closed. */
      top: boolean;
    }
  | { kind: 'more'; id: string; tableKey: string; hidden: number };

/** Which tables the user opened, closed and asked to see in full (the store's tree state). */
export interface TreeOpenState {
  expanded: Readonly<Record<string, unknown>>;
  closedTop: Readonly<Record<string, true>>;
  showAll: Readonly<Record<string, true>>;
}

/**
 * One table's entries at one place in the tree, and below each open entry the block of the
 * table it opens. Its rows are its entries (then a "show all" row when some are hidden), each
 * followed by the rows of its open table: rows are counted here, never built, so a tree of
 * hundreds of thousands of rows costs a few objects per table.
 */
export interface TableBlock {
  table: TableView;
  /** Its rows' ids start with this: the entries leading here and the tables they open. */
  path: string;
  /** The keys of the tables on the way here, itself last: where a recursive slot stops. */
  ancestors: readonly string[];
  /** The root table's entries, whose tables are open unless closed. */
  top: boolean;
  /** Entries shown, from the first, and the ones left behind a "show all" row (0: none). */
  shown: number;
  hidden: number;
  /** Positions of the shown entries whose table is open, in order. */
  open: readonly number[];
  /** The open entries' blocks (their tables were read and are not a repeat), in order. */
  subs: readonly SubBlock[];
  /** Every row of the block, its subs' rows included. */
  rows: number;
  /** Levels of rows: 1 for entries alone, more with subs; 0 for a table with no entries. */
  levels: number;
}

export interface SubBlock {
  /** The entry it hangs under. */
  pos: number;
  /** Its first row, counted from the parent block's first row. */
  start: number;
  block: TableBlock;
}

/**
 * The tree of blocks under the root row (CR3 and its table), and what the next build may
 * reuse: each block by its path, and where each table (at a stamp) has table pointers.
 */
export interface TreeModel {
  root: TableBlock;
  /** The root row and the root block's. */
  rows: number;
  blocks: ReadonlyMap<string, TableBlock>;
  pointers: ReadonlyMap<string, Pointers>;
}

interface Pointers {
  stamp: string;
  /** Positions of the entries that point to a table, and the keys of those tables. */
  positions: number[];
  keys: string[];
}

function pointersOf(t: TableView): Pointers {
  const positions: number[] = [];
  const keys: string[] = [];
  t.entries.forEach((e, pos) => {
    if (!e.child) return;
    positions.push(pos);
    keys.push(tableKey(e.child));
  });
  return { stamp: t.stamp, positions, keys };
}

const sameNumbers = (a: readonly number[], b: readonly number[]) =>
  a.length === b.length && a.every((x, i) => x === b[i]);

const sameSubs = (a: readonly SubBlock[], b: readonly SubBlock[]) =>
  a.length === b.length && a.every((s, i) => s.pos === b[i].pos && s.block === b[i].block);

/**
 * The tree as blocks: the root table, and below each open entry the block of its table (when
 * the engine has read it; open tables missing from `tables` show nothing yet, they arrive
 * with the next update). A table reachable from itself (a recursive slot) stops at its first
 * repeat. Views arrive as fresh copies ten times a second, so a block of `previous` is kept
 * (the same object) when its table's stamp, its open entries and its subs are unchanged: an
 * unchanged tree comes back as `previous.root` itself, and each build walks only the table
 * pointers of the tables in view, not their entries.
 */
export function treeModel(
  tables: readonly TableView[],
  state: TreeOpenState,
  previous: TreeModel | null,
): TreeModel | null {
  const root = tables[0];
  if (!root) return null;
  const byKey = new Map(tables.map((t) => [t.key, t]));
  const blocks = new Map<string, TableBlock>();
  const pointers = new Map<string, Pointers>();
  const pointersIn = (t: TableView): Pointers => {
    let p = pointers.get(t.key) ?? previous?.pointers.get(t.key);
    if (p?.stamp !== t.stamp) p = pointersOf(t);
    pointers.set(t.key, p);
    return p;
  };

  const build = (t: TableView, path: string, ancestors: readonly string[]): TableBlock => {
    const top = t.key === root.key;
    const shown = state.showAll[t.key]
      ? t.entries.length
      : Math.min(ENTRIES_SHOWN, t.entries.length);
    const hidden = t.entries.length - shown;
    const count = shown + (hidden > 0 ? 1 : 0);
    const open: number[] = [];
    const subs: SubBlock[] = [];
    let subRows = 0;
    let levels = count > 0 ? 1 : 0;
    const { positions, keys } = pointersIn(t);
    for (let i = 0; i < positions.length && positions[i] < shown; i++) {
      const pos = positions[i];
      const key = keys[i];
      if (top ? state.closedTop[key] : state.expanded[key] === undefined) continue;
      open.push(pos);
      const child = byKey.get(key);
      if (!child || ancestors.includes(key)) continue;
      const block = build(child, `${path}/${t.entries[pos].index}@${key}`, [...ancestors, key]);
      // After it: the entries up to its own, and the rows of the subs before it.
      subs.push({ pos, start: pos + 1 + subRows, block });
      subRows += block.rows;
      levels = Math.max(levels, 1 + block.levels);
    }
    const rows = count + subRows;
    const old = previous?.blocks.get(path);
    const block: TableBlock =
      old &&
      old.table.stamp === t.stamp &&
      old.shown === shown &&
      sameNumbers(old.open, open) &&
      sameSubs(old.subs, subs)
        ? old
        : { table: t, path, ancestors, top, shown, hidden, open, subs, rows, levels };
    blocks.set(path, block);
    return block;
  };

  const top = build(root, `@${root.key}`, [root.key]);
  return { root: top, rows: 1 + top.rows, blocks, pointers };
}

/** `treeModel` with its last model kept for the next call: what the panel rebuilds with. */
export function treeModelKeeper() {
  let last: TreeModel | null = null;
  return (tables: readonly TableView[] | null, state: TreeOpenState): TreeModel | null =>
    (last = tables && treeModel(tables, state, last));
}
