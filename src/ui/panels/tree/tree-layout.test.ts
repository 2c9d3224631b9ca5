import { describe, expect, it } from 'vitest';
import { entry, ref, table } from './test-tables.ts';
import { treeModel } from './tree-data.ts';
import { maxDepth, ROW, visiblePart } from './tree-layout.ts';

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
  const showAll = Object.fromEntries(tables.map((t) => [t.key, true as const]));
  return treeModel(tables, { expanded: {}, closedTop: {}, showAll }, null)!;
}

describe('visiblePart of the page-table tree', () => {
  it('lays_out_one_row_per_node_in_order', () => {
    const model = bigTree();
    expect(model.rows).toBe(1 + 2 + 1024);
    expect(maxDepth(model)).toBe(2);
    const { nodes } = visiblePart(model, 0, model.rows);
    expect(nodes.every((n, i) => n.y === i * ROW)).toBe(true);
    expect(nodes.map((n) => n.depth)).toEqual([
      0,
      1,
      ...Array(512).fill(2),
      1,
      ...Array(512).fill(2),
    ]);
    // Each table's entries in order under the entry that opens it, ids unique.
    expect(nodes[2].d.id).toBe('@4096:4:0/0@8192:3:0/0');
    expect(nodes[514].d.id).toBe('@4096:4:0/1');
    expect(new Set(nodes.map((n) => n.d.id)).size).toBe(nodes.length);
  });

  it('keeps_only_the_window_rows_and_the_links_that_cross_them', () => {
    const model = bigTree();
    const part = visiblePart(model, 600, 640);
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
    const top = visiblePart(model, 500, 520);
    expect(top.links).toHaveLength(21);
    expect(top.links.some((l) => l.top === 0 && l.bottom === 514)).toBe(true);
  });

  it('draws_the_root_line_on_down_past_a_window_at_the_top', () => {
    const model = bigTree();
    // Rows 0-9: the root, its first entry (row 1), that table's first leaves; the root's
    // second entry is at row 514, the leaves continue at row 10.
    const part = visiblePart(model, 0, 10);
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
