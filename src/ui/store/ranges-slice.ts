import type { StateCreator } from 'zustand/vanilla';
import { NO_FILTER } from '../../engine/range-filter.ts';
import type { RangeFilter } from '../../engine/range-filter.ts';
import type { EngineClient } from '../../worker/engine-client.ts';
import { watchedTables } from './tree-slice.ts';
import type { AppState } from './types.ts';

/**
 * What the ranges table is narrowed to. The engine applies it to every run (the table it
 * sends is capped), so it goes out with what the panels look at; kept here, it outlives a
 * look at the QEMU tabs and a reset.
 */
export interface RangesSlice {
  rangeFilter: RangeFilter;
  setRangeFilter(f: RangeFilter): void;
}

export function rangesSlice(client: EngineClient): StateCreator<AppState, [], [], RangesSlice> {
  return (set, get) => ({
    rangeFilter: NO_FILTER,

    setRangeFilter(f) {
      set({ rangeFilter: f });
      void client.watch(get().query, watchedTables(get()), f).catch(() => {});
    },
  });
}
