import { createContext, useContext } from 'react';
import { useStore } from 'zustand';
import { createStore } from 'zustand/vanilla';
import type { StoreApi } from 'zustand/vanilla';
import type { EngineClient } from '../../worker/engine-client.ts';
import { debugSlice } from './debug-slice.ts';
import { findingsSlice } from './findings-slice.ts';
import { inspectorSlice } from './inspector-slice.ts';
import { rangesSlice } from './ranges-slice.ts';
import { recentSlice } from './recent-slice.ts';
import type { ImageShelf } from './recent-slice.ts';
import { shareSlice } from './share-slice.ts';
import { shellSlice } from './shell-slice.ts';
import type { PrefsStorage } from './shell-slice.ts';
import { sessionSlice } from './session-slice.ts';
import type { KernelFetcher } from './session-slice.ts';
import { timeTravelSlice } from './time-travel-slice.ts';
import { translationSlice } from './translation-slice.ts';
import { treeSlice } from './tree-slice.ts';
import type { AppState } from './types.ts';
import { viewsSlice } from './views-slice.ts';

export type { AppState } from './types.ts';
export type AppStore = StoreApi<AppState>;

/** Where the page keeps what outlives it; without one, nothing is kept (tests). */
export interface AppPersistence {
  prefs?: PrefsStorage | null;
  shelf?: ImageShelf | null;
}

/** One store from typed slices; the engine client is the only way out to the machine. */
export function createAppStore(
  client: EngineClient,
  fetchKernel: KernelFetcher,
  persistence: AppPersistence = {},
): AppStore {
  return createStore<AppState>()((...a) => ({
    ...sessionSlice(client, fetchKernel)(...a),
    ...viewsSlice(...a),
    ...translationSlice(client)(...a),
    ...treeSlice(client)(...a),
    ...rangesSlice(client)(...a),
    ...findingsSlice(...a),
    ...debugSlice(client)(...a),
    ...inspectorSlice(client)(...a),
    ...shellSlice(persistence.prefs ?? null)(...a),
    ...recentSlice(persistence.shelf ?? null)(...a),
    ...timeTravelSlice(client)(...a),
    ...shareSlice(client)(...a),
  }));
}

export const StoreContext = createContext<AppStore | null>(null);

/** Reads the store through a selector: components re-render only when their slice changes. */
export function useApp<T>(selector: (s: AppState) => T): T {
  const store = useContext(StoreContext);
  if (!store) throw new Error('useApp outside <StoreContext.Provider>');
  return useStore(store, selector);
}
