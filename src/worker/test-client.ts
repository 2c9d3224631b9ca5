import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach } from 'vitest';
import { PUBLIC_KERNELS } from '../../tests/kernels/paths.ts';
import type { EngineClient } from './engine-client.ts';
import { createInProcessClient } from './in-process-client.ts';
import type { UpdateEvent } from './protocol.ts';

/** For engine-protocol tests: engines run in the test's thread; each is closed after its test. */
const clients: EngineClient[] = [];
afterEach(() => clients.splice(0).forEach((c) => c.close()));

/** A client over an in-process engine host. */
export function testClient(): EngineClient {
  const c = createInProcessClient();
  clients.push(c);
  return c;
}

/** The bundled demo kernel's image. */
export const demo = () => new Uint8Array(readFileSync(join(PUBLIC_KERNELS, 'demo-limine.elf')));

/** Resolves with the first update from now on that satisfies `pred`. */
export function updateWhere(
  c: EngineClient,
  pred: (u: UpdateEvent) => boolean,
): Promise<UpdateEvent> {
  return new Promise((resolve) => {
    const off = c.onUpdate((u) => {
      if (pred(u)) {
        off();
        resolve(u);
      }
    });
  });
}
