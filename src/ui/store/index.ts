import { createContext, useContext } from 'react';
import { useStore } from 'zustand';
import { createStore } from 'zustand/vanilla';
import type { StoreApi } from 'zustand/vanilla';
import type { EngineClient } from '../../worker/engine-client.ts';
import { findingsSlice } from './findings-slice.ts';
import { sessionSlice } from './session-slice.ts';
import type { KernelFetcher } from './session-slice.ts';
import { translationSlice } from './translation-slice.ts';
import { treeSlice } from './tree-slice.ts';
import type { AppState } from './types.ts';
import { viewsSlice } from './views-slice.ts';

export type { AppState } from './types.ts';
export type AppStore = StoreApi<AppState>;

/** One store from typed slices; the engine client is the only way out to the machine. */
export function createAppStore(client: EngineClient, fetchKernel: KernelFetcher): AppStore {
  return createStore<AppState>()((...a) => ({
    ...sessionSlice(client, fetchKernel)(...a),
    ...viewsSlice(...a),
    ...translationSlice(client)(...a),
    ...treeSlice(client)(...a),
    ...findingsSlice(...a),
  }));
}

export const StoreContext = createContext<AppStore | null>(null);

/** Reads the store through a selector: components re-render only when their slice changes. */
export function useApp<T>(selector: (s: AppState) => T): T {
  const store = useContext(StoreContext);
  if (!store) throw new Error('useApp outside <StoreContext.Provider>');
  return useStore(store, selector);
}
