import { describe, expect, it } from 'vitest';
import { testStore, until } from '../../store/test-store.ts';
import { onPath, pathRow, selectedPath } from './selected-path.ts';
import { treeModel } from './tree-data.ts';
import { nodeAt } from './tree-layout.ts';

describe('the selected address in the tree', () => {
  it('opens_the_walks_tables_and_finds_the_row_of_its_last_entry', async () => {
    const store = testStore();
    await store.getState().start();
    await until(store, (s) => s.status?.run === 'ended');
    // The demo's kernel text: PML4[511] -> PDPT[510] -> PD[0] -> PT[1].
    store.getState().setQuery({ address: '0xffffffff80001000' });
    const t = (await until(store, (s) => s.views?.translation?.va === '0xffffffff80001000')).views!
      .translation!;
    expect(t.steps.map((s) => `${s.level}[${s.index}]`)).toEqual([
      'PML4[511]',
      'PDPT[510]',
      'PD[0]',
      'PT[1]',
    ]);
    const path = selectedPath(t)!;
    const before = treeModel(store.getState().views!.tables, store.getState(), null)!;
    // Only the top two levels are open at first: the walk is found down to its PDPT entry.
    expect(pathRow(before, path)?.complete).toBe(false);

    store.getState().showPath(t.steps.map((s) => s.table));
    expect(store.getState().pathShown).toBe(1);
    const s = await until(
      store,
      (x) => x.views?.tables.some((v) => v.key === path.steps[3].key) ?? false,
    );
    const tree = treeModel(s.views!.tables, s, null)!;
    const found = pathRow(tree, path)!;
    expect(found.complete).toBe(true);
    const node = nodeAt(tree, found.row);
    // The kernel text's three pages make one run of PT entries, PT[0-2], which holds PT[1].
    const e = node.d.kind === 'entry' ? node.d.entry : null;
    expect(e && `${e.level}[${e.index}-${e.index + e.count - 1}]`).toBe('PT[0-2]');
    expect(onPath(node.d, path)).toBe(true);
    // Its neighbours are not on the walk; CR3's row is.
    expect(onPath(nodeAt(tree, found.row + 1).d, path)).toBe(false);
    expect(onPath(nodeAt(tree, 0).d, path)).toBe(true);
  });
});
