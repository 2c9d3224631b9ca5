import { useContext } from 'react';
import { StoreContext } from '../store/index.ts';
import type { AppStore } from '../store/index.ts';

/** The store itself, for event handlers that read state once rather than subscribe. */
export function useAppStore(): AppStore {
  const store = useContext(StoreContext);
  if (!store) throw new Error('useAppStore outside <StoreContext.Provider>');
  return store;
}
