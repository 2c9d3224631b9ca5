// Base styles first: the panels' own stylesheets (imported by them) refine these.
import './app/theme.css';
import './app/shell.css';
import './app/panels.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App.tsx';
import { bundledKernelUrl } from './kernels/bundled-kernels.ts';
import { createAppStore, StoreContext } from './store/index.ts';
import { createWorkerClient } from '../worker/worker-client.ts';
import { indexedDbShelf } from './components/indexeddb-shelf.ts';

async function fetchKernel(file: string): Promise<Uint8Array> {
  const r = await fetch(bundledKernelUrl(file));
  if (!r.ok) throw new Error(`${file}: HTTP ${r.status}`);
  return new Uint8Array(await r.arrayBuffer());
}

// The engine and the store live outside React: StrictMode's double effects must not start
// two workers or boot twice.
const store = createAppStore(
  createWorkerClient((message) =>
    store.setState({ connection: 'failed', connectionError: message }),
  ),
  fetchKernel,
  {
    prefs: window.localStorage,
    shelf: 'indexedDB' in window ? indexedDbShelf(window.indexedDB) : null,
  },
);
void store.getState().start();
void store.getState().loadRecent();

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
createRoot(root).render(
  <StrictMode>
    <StoreContext.Provider value={store}>
      <App />
    </StoreContext.Provider>
  </StrictMode>,
);
