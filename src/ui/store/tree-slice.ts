import type { StateCreator } from 'zustand/vanilla';
import type { EngineClient } from '../../worker/engine-client.ts';
import { tableKey } from '../../engine/views.ts';
import type { TableRef } from '../../engine/views.ts';
import type { AppState, TreeSlice } from './types.ts';

/** The tables the engine should read for the tree: every open one. */
export function watchedTables(s: Pick<AppState, 'expanded'>): TableRef[] {
  return Object.values(s.expanded).map((e) => e.ref);
}

/** `expanded` without `key` and every table opened below it. */
function closeSubtree(expanded: TreeSlice['expanded'], key: string): TreeSlice['expanded'] {
  const out = { ...expanded };
  const drop = [key];
  while (drop.length) {
    const k = drop.pop()!;
    delete out[k];
    for (const [child, e] of Object.entries(out)) if (e.parent === k) drop.push(child);
  }
  return out;
}

export function treeSlice(client: EngineClient): StateCreator<AppState, [], [], TreeSlice> {
  return (set, get) => ({
    expanded: {},
    closedTop: {},
    showAll: {},
    pathShown: 0,

    toggleTable(key, ref, parent, top) {
      const { expanded, closedTop } = get();
      if (top) {
        const closed = { ...closedTop };
        if (closed[key]) delete closed[key];
        else closed[key] = true;
        // Closing hides what was opened below it too; the engine stops reading those.
        set({ closedTop: closed, expanded: closed[key] ? closeSubtree(expanded, key) : expanded });
        void client.watch(get().query, watchedTables(get()), get().rangeFilter).catch(() => {});
        return;
      }
      set({
        expanded: expanded[key]
          ? closeSubtree(expanded, key)
          : { ...expanded, [key]: { ref, parent } },
      });
      void client.watch(get().query, watchedTables(get()), get().rangeFilter).catch(() => {});
    },

    showAllEntries(key) {
      set({ showAll: { ...get().showAll, [key]: true } });
    },

    showPath(tables) {
      const s = get();
      const closedTop = { ...s.closedTop };
      const expanded = { ...s.expanded };
      const showAll = { ...s.showAll };
      tables.forEach((ref, i) => {
        const key = tableKey(ref);
        showAll[key] = true;
        if (i === 0) return;
        // A table under the root is open unless closed; listed, the engine reads it even
        // when it is not among the first ones it always reads.
        if (i === 1) delete closedTop[key];
        expanded[key] ??= { ref, parent: tableKey(tables[i - 1]) };
      });
      set({ closedTop, expanded, showAll, pathShown: s.pathShown + 1 });
      void client.watch(get().query, watchedTables(get()), get().rangeFilter).catch(() => {});
    },
  });
}
