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

/**
 * How long typing in a range box must pause before the engine filters again: each filter
 * reads every run of the space, a tenth of a second on a kernel mapping its RAM in 4 KiB
 * pages, and a keystroke's half-typed range is of no use to anyone.
 */
export const TYPING_MS = 250;

export function rangesSlice(client: EngineClient): StateCreator<AppState, [], [], RangesSlice> {
  return (set, get) => {
    let typing: ReturnType<typeof setTimeout> | null = null;
    const send = () => {
      typing = null;
      const s = get();
      void client.watch(s.query, watchedTables(s), s.rangeFilter).catch(() => {});
    };
    return {
      rangeFilter: NO_FILTER,

      setRangeFilter(f) {
        const was = get().rangeFilter;
        set({ rangeFilter: f });
        if (typing !== null) clearTimeout(typing);
        if (f.virt !== was.virt || f.phys !== was.phys) typing = setTimeout(send, TYPING_MS);
        else send();
      },
    };
  };
}
