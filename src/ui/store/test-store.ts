import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach } from 'vitest';
import { PUBLIC_KERNELS } from '../../../tests/kernels/paths.ts';
import type { EngineClient } from '../../worker/engine-client.ts';
import { createInProcessClient } from '../../worker/in-process-client.ts';
import { createAppStore } from './index.ts';
import type { AppPersistence, AppState, AppStore } from './index.ts';

/** For store tests: engines run in the test's thread; each is closed after its test. */
const clients: EngineClient[] = [];
afterEach(() => clients.splice(0).forEach((c) => c.close()));

/** A store over an in-process engine that fetches the bundled kernels from public/kernels. */
export function testStore(persistence?: AppPersistence): AppStore {
  const client = createInProcessClient();
  clients.push(client);
  return createAppStore(
    client,
    async (f) => new Uint8Array(await readFile(join(PUBLIC_KERNELS, f))),
    persistence,
  );
}

/** Resolves once the state satisfies `pred`. */
export function until(store: AppStore, pred: (s: AppState) => boolean): Promise<AppState> {
  return new Promise((resolve) => {
    if (pred(store.getState())) return resolve(store.getState());
    const off = store.subscribe((s) => {
      if (!pred(s)) return;
      off();
      resolve(s);
    });
  });
}
