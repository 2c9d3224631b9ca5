import { hierarchy } from 'd3';
import type { TreeDatum } from './tree-data.ts';

export const ROW = 21;
export const INDENT = 16;

export interface PlacedNode {
  d: TreeDatum;
  x: number;
  y: number;
  depth: number;
}

export interface TreeLayout {
  nodes: PlacedNode[];
  /** Elbow paths from each parent's marker down and across to its child: rows `top`-`bottom`. */
  links: { id: string; path: string; top: number; bottom: number }[];
  height: number;
  maxDepth: number;
}

/**
 * An indented tree (one row per node, children under their parent, indented by depth): the
 * one shape that keeps 64-bit addresses readable in a narrow panel. d3-hierarchy does the
 * traversal and depth; rows come from its pre-order walk.
 */
export function layoutTree(root: TreeDatum): TreeLayout {
  const h = hierarchy<TreeDatum>(root, (d) => d.children);
  const nodes: PlacedNode[] = [];
  const links: TreeLayout['links'] = [];
  const at = new Map<TreeDatum, PlacedNode>();
  let row = 0;
  h.eachBefore((n) => {
    const p = { d: n.data, depth: n.depth, x: n.depth * INDENT, y: row++ * ROW };
    nodes.push(p);
    at.set(n.data, p);
  });
  let maxDepth = 0;
  h.each((n) => {
    maxDepth = Math.max(maxDepth, n.depth);
    if (!n.parent) return;
    const from = at.get(n.parent.data)!;
    const to = at.get(n.data)!;
    const x = from.x + INDENT / 2;
    links.push({
      id: n.data.id,
      path: `M${x},${from.y + ROW - 4}V${to.y + ROW / 2}H${to.x + 2}`,
      top: from.y / ROW,
      bottom: to.y / ROW,
    });
  });
  return { nodes, links, height: row * ROW, maxDepth };
}

/**
 * What rows `from` to `to` (exclusive) of the tree show: their nodes (nodes are in row order),
 * the links to them, and, for each parent above the window with children below it, the link
 * to its first child below: its vertical line is the one crossing the window (the links of a
 * parent's children overlap, so one is enough however many entries its table has).
 */
export function visiblePart(layout: TreeLayout, from: number, to: number) {
  const links: TreeLayout['links'] = [];
  const through = new Map<number, TreeLayout['links'][number]>();
  for (const l of layout.links) {
    if (l.top >= to || l.bottom < from) continue;
    if (l.bottom < to) links.push(l);
    else if ((through.get(l.top)?.bottom ?? Infinity) > l.bottom) through.set(l.top, l);
  }
  return { nodes: layout.nodes.slice(from, to), links: links.concat([...through.values()]) };
}
