import type { StateCreator } from 'zustand/vanilla';
import type { AppState, FindingsSlice } from './types.ts';

/**
 * Following a finding to the places it names: its address into the translation panel, its
 * CR3 marked in the CR3 panel's history.
 */
export const findingsSlice: StateCreator<AppState, [], [], FindingsSlice> = (set, get) => ({
  selectedCr3: null,

  showFinding(f) {
    const address = f.va ?? f.rip;
    if (address !== null) get().setQuery({ address });
    set({ selectedCr3: f.cr3 });
  },

  selectCr3(value) {
    set({ selectedCr3: value });
  },
});
