import type { StateCreator } from 'zustand/vanilla';
import type { AppState, ViewsSlice } from './types.ts';

/** Filled by engine updates (session-slice.ts applyUpdate); nothing here calls the engine. */
export const viewsSlice: StateCreator<AppState, [], [], ViewsSlice> = () => ({
  views: null,
  registersBefore: null,
  serial: '',
});
