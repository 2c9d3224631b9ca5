import type { StateCreator } from 'zustand/vanilla';
import type { EngineClient } from '../../worker/engine-client.ts';
import type { AppState, TranslationSlice } from './types.ts';
import { watchedTables } from './tree-slice.ts';

export function translationSlice(
  client: EngineClient,
): StateCreator<AppState, [], [], TranslationSlice> {
  return (set, get) => ({
    query: { address: '', access: 'read', cpl: 0 },

    setQuery(q) {
      set({ query: { ...get().query, ...q } });
      // The engine translates it now and again after every change to the machine.
      void client.watch(get().query, watchedTables(get()), get().rangeFilter).catch(() => {});
    },
  });
}
