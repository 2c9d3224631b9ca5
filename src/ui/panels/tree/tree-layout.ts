import type { TreeDatum } from './tree-data.ts';

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

export interface TreeLayout {
  /** One node a row, in row order. */
  nodes: PlacedNode[];
  height: number;
  maxDepth: number;
}

/** An elbow from a parent's marker down and across to its child, between rows top and bottom. */
export interface TreeLink {
  id: string;
  path: string;
  top: number;
  bottom: number;
}

/**
 * An indented tree (one row per node, children under their parent, indented by depth): the
 * one shape that keeps 64-bit addresses readable in a narrow panel. Rows come from a
 * pre-order walk; links are drawn only for the rows in view (visiblePart), since open tables
 * of 512 entries make trees of hundreds of thousands of rows.
 */
export function layoutTree(root: TreeDatum): TreeLayout {
  const nodes: PlacedNode[] = [];
  let maxDepth = 0;
  // Recursion is as deep as the paging levels (treeData stops at a table's repeat).
  const place = (d: TreeDatum, depth: number, parent: number): number => {
    const row = nodes.length;
    nodes.push({ d, depth, x: depth * INDENT, y: row * ROW, parent, next: -1 });
    maxDepth = Math.max(maxDepth, depth);
    let previous = -1;
    for (const child of d.children) {
      const at = place(child, depth + 1, row);
      if (previous >= 0) nodes[previous].next = at;
      previous = at;
    }
    return row;
  };
  place(root, 0, -1);
  return { nodes, height: nodes.length * ROW, maxDepth };
}

/** The link from the node at `row`'s parent to it. */
function linkTo(nodes: readonly PlacedNode[], row: number): TreeLink {
  const to = nodes[row];
  const from = nodes[to.parent];
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
export function visiblePart(layout: TreeLayout, from: number, to: number) {
  const { nodes } = layout;
  const links: TreeLink[] = [];
  for (let row = Math.max(from, 1); row < to; row++) links.push(linkTo(nodes, row));
  if (to > from) {
    if (to < nodes.length && nodes[to].parent === to - 1) links.push(linkTo(nodes, to));
    for (let row = to - 1; row >= 0; row = nodes[row].parent)
      if (nodes[row].next >= 0) links.push(linkTo(nodes, nodes[row].next));
  }
  return { nodes: nodes.slice(from, to), links };
}
