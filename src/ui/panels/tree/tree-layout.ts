import { tableKey } from '../../../engine/views.ts';
import type { TableBlock, TreeDatum, TreeModel } from './tree-data.ts';

export const ROW = 21;
export const INDENT = 16;

export interface PlacedNode {
  d: TreeDatum;
  x: number;
  y: number;
  depth: number;
  /** Rows of the parent and of the next sibling; -1 when there is none. */
  parent: number;
  next: number;
}

/** An elbow from a parent's marker down and across to its child, between rows top and bottom. */
export interface TreeLink {
  id: string;
  path: string;
  top: number;
  bottom: number;
}

/** The deepest row's depth: the root row is 0, the root table's entries 1. */
export function maxDepth(model: TreeModel): number {
  return model.root.levels;
}

/** The last of `block`'s subs that starts at or before row `r` of the block, or -1. */
function subAtOrBefore(block: TableBlock, r: number): number {
  const { subs } = block;
  let lo = 0;
  let hi = subs.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (subs[mid].start <= r) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

/**
 * The node at `row` of an indented tree (one row per node, children under their parent,
 * indented by depth): the one shape that keeps 64-bit addresses readable in a narrow panel.
 * Rows are found by going down the blocks (a binary search at each level), so only the rows
 * in view are ever built, however many hundreds of thousands the open tables make.
 */
export function nodeAt(model: TreeModel, row: number): PlacedNode {
  if (row === 0)
    return { d: { kind: 'root', id: 'root', table: model.root.table }, ...place(0, 0, -1, -1) };
  let block = model.root;
  let first = 1;
  let parent = 0;
  for (let depth = 1; ; depth++) {
    const r = row - first;
    const k = subAtOrBefore(block, r);
    const sub = k >= 0 ? block.subs[k] : null;
    if (sub && r < sub.start + sub.block.rows) {
      parent = first + sub.start - 1;
      first += sub.start;
      block = sub.block;
      continue;
    }
    const pos = sub ? sub.pos + 1 + (r - sub.start - sub.block.rows) : r;
    // Its own sub, if open, follows it before its next sibling.
    const own = block.subs[k + 1]?.pos === pos ? block.subs[k + 1].block.rows : 0;
    const last = pos + 1 === block.shown + (block.hidden > 0 ? 1 : 0);
    return { d: datum(block, pos), ...place(row, depth, parent, last ? -1 : row + 1 + own) };
  }
}

function place(row: number, depth: number, parent: number, next: number) {
  return { x: depth * INDENT, y: row * ROW, depth, parent, next };
}

/** What entry `pos` of a block (or, past its shown entries, its "show all" row) shows. */
function datum(block: TableBlock, pos: number): TreeDatum {
  const t = block.table;
  if (pos === block.shown)
    return {
      kind: 'more',
      id: `${block.path}/more`,
      tableKey: t.key,
      hidden: block.hidden,
    };
  const entry = t.entries[pos];
  return {
    kind: 'entry',
    id: `${block.path}/${entry.index}`,
    entry,
    childKey: entry.child ? tableKey(entry.child) : null,
    open: block.open.includes(pos),
    parentKey: t.key,
    top: block.top,
  };
}

/** The link to the node `to` at `row` from its parent `from`. */
function linkTo(row: number, to: PlacedNode, from: PlacedNode): TreeLink {
  const x = from.x + INDENT / 2;
  return {
    id: to.d.id,
    path: `M${x},${from.y + ROW - 4}V${to.y + ROW / 2}H${to.x + 2}`,
    top: to.parent,
    bottom: row,
  };
}

/**
 * What rows `from` to `to` (exclusive) of the tree show: their nodes, the links to them, and
 * the lines crossing the window on down to a child below it. A parent's links overlap, so
 * the one to its first child below the window is enough: for the last row in view and each
 * of its ancestors, the link to the next sibling, plus the last row's own first child.
 */
export function visiblePart(model: TreeModel, from: number, to: number) {
  const end = Math.min(to, model.rows);
  const placed = new Map<number, PlacedNode>();
  const at = (row: number) => {
    let n = placed.get(row);
    if (!n) placed.set(row, (n = nodeAt(model, row)));
    return n;
  };
  const link = (row: number) => linkTo(row, at(row), at(at(row).parent));
  const nodes: PlacedNode[] = [];
  const links: TreeLink[] = [];
  for (let row = from; row < end; row++) nodes.push(at(row));
  for (let row = Math.max(from, 1); row < end; row++) links.push(link(row));
  if (end > from) {
    if (end < model.rows && at(end).parent === end - 1) links.push(link(end));
    for (let row = end - 1; row >= 0; row = at(row).parent)
      if (at(row).next >= 0) links.push(link(at(row).next));
  }
  return { nodes, links };
}
