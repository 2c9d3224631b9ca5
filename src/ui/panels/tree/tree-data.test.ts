import { describe, expect, it } from 'vitest';
import { tableKey } from '../../../engine/views.ts';
import type { TableView } from '../../../engine/views.ts';
import { entry, ref, table } from './test-tables.ts';
import { ENTRIES_SHOWN, treeModel } from './tree-data.ts';
import type { TreeModel, TreeOpenState } from './tree-data.ts';
import { visiblePart } from './tree-layout.ts';

const R = ref(0x1000, 4);
const A = ref(0x2000, 3);
const B = ref(0x3000, 3);
const C = ref(0x4000, 3);
const D = ref(0x5000, 2);
const E = ref(0x6000, 2);
const pages = (from: number, count: number) =>
  Array.from({ length: count }, (_, i) => entry(from + i, null, (from + i) * 0x1000));

/**
 * A root with two tables (A, B), a recursive slot (510) and a table not read yet (C, 511);
 * A points to D and E and holds more entries than are shown, E points back to A; one page of
 * B has a problem.
 */
function tables(dStamp = 'first'): TableView[] {
  const bad = { ...entry(4, null, 0x4000), problems: ['maps memory outside RAM'] };
  return [
    table(R, [entry(0, A), entry(1, B), entry(510, R), entry(511, C)]),
    table(A, [entry(0, D), entry(1, E), ...pages(2, 100)]),
    table(B, [...pages(0, 4), bad]),
    table(D, pages(0, 70), dStamp),
    table(E, [...pages(0, 3), entry(3, A)]),
  ];
}

const closed: TreeOpenState = { expanded: {}, closedTop: {}, showAll: {} };
const open = (keys: TableView['ref'][], more: Partial<TreeOpenState> = {}): TreeOpenState => ({
  ...closed,
  expanded: Object.fromEntries(keys.map((r) => [tableKey(r), true])),
  ...more,
});

/** Every row of a model, as the panel would show it. */
function rowsOf(m: TreeModel) {
  return visiblePart(m, 0, m.rows).nodes.map((n) => {
    const { d, depth, parent, next } = n;
    const what = d.kind === 'entry' ? { childKey: d.childKey, open: d.open, top: d.top } : {};
    const hidden = d.kind === 'more' ? d.hidden : undefined;
    return { kind: d.kind, id: d.id, depth, parent, next, ...what, hidden };
  });
}

/** The rows by a plain pre-order walk of every entry shown: what the blocks must add up to. */
function plainRows(all: TableView[], s: TreeOpenState) {
  const byKey = new Map(all.map((t) => [t.key, t]));
  const rows: ReturnType<typeof rowsOf> = [
    { kind: 'root', id: 'root', depth: 0, parent: -1, next: -1, hidden: undefined },
  ];
  const walk = (t: TableView, path: string, seen: string[], depth: number, parent: number) => {
    const top = t === all[0];
    const shown = s.showAll[t.key] ? t.entries.length : ENTRIES_SHOWN;
    let previous = -1;
    const add = (row: (typeof rows)[number]) => {
      if (previous >= 0) rows[previous].next = rows.length;
      previous = rows.length;
      rows.push(row);
    };
    for (const e of t.entries.slice(0, shown)) {
      const childKey = e.child && tableKey(e.child);
      const isOpen = !!childKey && (top ? !s.closedTop[childKey] : !!s.expanded[childKey]);
      const id = `${path}/${e.index}`;
      const row = rows.length;
      add({
        kind: 'entry',
        id,
        depth,
        parent,
        next: -1,
        childKey,
        open: isOpen,
        top,
        hidden: undefined,
      });
      const child = isOpen ? byKey.get(childKey!) : undefined;
      if (child && !seen.includes(child.key))
        walk(child, `${id}@${child.key}`, [...seen, child.key], depth + 1, row);
    }
    if (shown < t.entries.length) {
      const hidden = t.entries.length - shown;
      add({ kind: 'more', id: `${path}/more`, depth, parent, next: -1, hidden });
    }
  };
  walk(all[0], `@${all[0].key}`, [all[0].key], 1, 0);
  return rows;
}

const blockOf = (m: TreeModel, t: TableView['ref'], under = '') =>
  [...m.blocks.values()].find((b) => b.table.key === tableKey(t) && b.path.startsWith(under));

describe('treeModel: the page-table tree as blocks', () => {
  it('gives_the_rows_of_a_plain_walk_whatever_is_open', () => {
    const states = [
      closed,
      open([D]),
      open([D, E], { showAll: { [tableKey(A)]: true, [tableKey(D)]: true } }),
      open([A, E]),
      open([D], { closedTop: { [tableKey(A)]: true } }),
      open([E], { closedTop: { [tableKey(R)]: true } }),
    ];
    for (const s of states)
      expect(rowsOf(treeModel(tables(), s, null)!)).toEqual(plainRows(tables(), s));
  });

  it('stops_a_recursive_slot_at_its_first_repeat_and_shows_unread_tables_open_but_empty', () => {
    const rows = rowsOf(treeModel(tables(), closed, null)!);
    const at = rows.findIndex((r) => r.id === '@4096:4:0/510');
    // The slot is open, but the root is already on the way: nothing below it.
    expect(rows[at].open).toBe(true);
    expect(rows[at].next).toBe(at + 1);
    expect(rows.some((r) => r.id.includes('/510@'))).toBe(false);
    const unread = rows.find((r) => r.id === '@4096:4:0/511')!;
    expect([unread.open, unread.next]).toEqual([true, -1]);
    expect(rows.at(-1)).toBe(unread);
  });

  it('hides_entries_past_the_first_ones_until_show_all', () => {
    const rows = rowsOf(treeModel(tables(), closed, null)!);
    const more = rows.find((r) => r.id === '@4096:4:0/0@8192:3:0/more');
    expect(more?.hidden).toBe(102 - ENTRIES_SHOWN);
    const all = rowsOf(treeModel(tables(), open([], { showAll: { [tableKey(A)]: true } }), null)!);
    // A's hidden entries in place of its "show all" row.
    expect(all.length).toBe(rows.length + 102 - ENTRIES_SHOWN - 1);
    expect(all.some((r) => r.kind === 'more')).toBe(false);
  });

  it('keeps_the_entries_problems_for_the_rows_to_show', () => {
    const m = treeModel(tables(), closed, null)!;
    const row = visiblePart(m, 0, m.rows).nodes.find((n) => n.d.id === '@4096:4:0/1@12288:3:0/4');
    expect(row?.d.kind === 'entry' && row.d.entry.problems).toEqual(['maps memory outside RAM']);
  });

  it('reuses_the_whole_tree_when_fresh_copies_of_the_same_tables_arrive', () => {
    const s = open([D]);
    const first = treeModel(tables(), s, null)!;
    const again = treeModel(structuredClone(tables()), { ...s }, first)!;
    expect(again.root).toBe(first.root);
    expect(again.blocks.size).toBe(first.blocks.size);
    for (const [path, b] of again.blocks) expect(b).toBe(first.blocks.get(path));
  });

  it('rebuilds_a_changed_table_and_the_blocks_above_it_and_reuses_the_rest', () => {
    const s = open([D]);
    const first = treeModel(tables(), s, null)!;
    const changed = tables('second');
    changed[3].entries[5] = entry(5, null, 0x99000);
    const next = treeModel(changed, s, first)!;
    const rebuilt = [...next.blocks].filter(([path, b]) => first.blocks.get(path) !== b);
    // D, and the blocks above it (whose subs changed): A and the root.
    expect(rebuilt.map(([, b]) => b.table.key)).toEqual([D, A, R].map(tableKey));
    expect(blockOf(next, D)!.table.entries[5].target).toBe('0x0000000000099000');
    expect(blockOf(next, B)).toBe(blockOf(first, B));
    expect(next.rows).toBe(first.rows);
  });

  it('opens_and_closes_tables_rebuilding_only_the_blocks_on_the_way', () => {
    const first = treeModel(tables(), open([D]), null)!;
    const withE = treeModel(tables(), open([D, E]), first)!;
    expect(withE.rows).toBe(first.rows + 4);
    const inA = (m: TreeModel) => blockOf(m, A)!;
    expect(inA(withE)).not.toBe(inA(first));
    expect(blockOf(withE, D)).toBe(blockOf(first, D));
    expect(blockOf(withE, B)).toBe(blockOf(first, B));
    expect(inA(withE).open).toEqual([0, 1]);
    // Closing A (a table under the root) takes its rows and what was open below it away.
    const shut = treeModel(tables(), open([D, E], { closedTop: { [tableKey(A)]: true } }), withE)!;
    expect(shut.rows).toBe(withE.rows - inA(withE).rows);
    expect(blockOf(shut, B)).toBe(blockOf(first, B));
    const reopened = treeModel(tables(), open([D]), shut)!;
    expect(rowsOf(reopened)).toEqual(rowsOf(first));
  });
});
