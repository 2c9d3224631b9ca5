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
  /** Elbow paths from each parent's marker down and across to its child. */
  links: { id: string; path: string }[];
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
    links.push({ id: n.data.id, path: `M${x},${from.y + ROW - 4}V${to.y + ROW / 2}H${to.x + 2}` });
  });
  return { nodes, links, height: row * ROW, maxDepth };
}
