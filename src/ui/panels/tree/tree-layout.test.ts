import { describe, expect, it } from 'vitest';
import type { TableEntryView, TableView } from '../../../engine/views.ts';
import { treeData } from './tree-data.ts';
import { layoutTree, ROW, visiblePart } from './tree-layout.ts';

const ref = (phys: number, depth: number) => ({ phys, depth, va: 0 });

function entry(index: number, child: TableView['ref'] | null): TableEntryView {
  return {
    index,
    count: 1,
    level: child ? 'PML4' : 'PT',
    va: '0x' + index.toString(16).padStart(16, '0'),
    vaLast: '0x0',
    span: '4 KiB',
    raw: '0x0',
    target: '0x0',
    leaf: child === null,
    rights: 'rw-',
    flags: [],
    problems: [],
    child,
  };
}

function table(r: TableView['ref'], entries: TableEntryView[]): TableView {
  return {
    ref: r,
    key: `${r.phys}:${r.depth}:${r.va}`,
    level: 'x',
    phys: '0x0',
    va: '0x0',
    present: entries.length,
    entries,
  };
}

/** A root with two open tables of 512 leaves each, both shown in full. */
function bigTree() {
  const a = ref(0x2000, 3);
  const b = ref(0x3000, 3);
  const leaves = Array.from({ length: 512 }, (_, i) => entry(i, null));
  const tables = [
    table(ref(0x1000, 4), [entry(0, a), entry(1, b)]),
    table(a, leaves),
    table(b, leaves),
  ];
  const all = Object.fromEntries(tables.map((t) => [t.key, true as const]));
  return layoutTree(treeData(tables, {}, {}, all)!);
}

describe('visiblePart of the page-table tree', () => {
  it('lays_out_one_row_per_node_in_order', () => {
    const layout = bigTree();
    expect(layout.nodes).toHaveLength(1 + 2 + 1024);
    expect(layout.height).toBe(layout.nodes.length * ROW);
    expect(layout.nodes.every((n, i) => n.y === i * ROW)).toBe(true);
  });

  it('keeps_only_the_window_rows_and_the_links_that_cross_them', () => {
    const layout = bigTree();
    const part = visiblePart(layout, 600, 640);
    expect(part.nodes.map((n) => n.y / ROW)).toEqual(Array.from({ length: 40 }, (_, i) => 600 + i));
    // Row 600 is a leaf of the second table (rows 515-1026); its entry sits at row 514.
    // The root's link down to that entry (rows 0-514) ends above the window: left out.
    expect(part.links.map((l) => [l.top, l.bottom]).every(([t, b]) => t < 640 && b >= 600)).toBe(
      true,
    );
    expect(part.links.some((l) => l.top === 0)).toBe(false);
    // The 40 links to the rows in view, and one line on down to the next entry, row 640.
    expect(part.links).toHaveLength(41);
    expect(part.links.filter((l) => l.bottom >= 640).map((l) => l.bottom)).toEqual([640]);
    // A window holding the second table pointer keeps the root's long link down to it.
    const top = visiblePart(layout, 500, 520);
    expect(top.links).toHaveLength(21);
    expect(top.links.some((l) => l.top === 0 && l.bottom === 514)).toBe(true);
  });

  it('draws_the_root_line_on_down_past_a_window_at_the_top', () => {
    const layout = bigTree();
    // Rows 0-9: the root, its first entry (row 1), that table's first leaves; the root's
    // second entry is at row 514, the leaves continue at row 10.
    const part = visiblePart(layout, 0, 10);
    expect(part.nodes.map((n) => n.parent)).toEqual([-1, 0, 1, 1, 1, 1, 1, 1, 1, 1]);
    expect(part.links.map((l) => [l.top, l.bottom])).toEqual([
      [0, 1],
      ...[2, 3, 4, 5, 6, 7, 8, 9].map((r) => [1, r]),
      [1, 10],
      [0, 514],
    ]);
    expect(part.links.at(-1)?.path).toBe(`M8,${ROW - 4}V${514 * ROW + ROW / 2}H18`);
  });
});
