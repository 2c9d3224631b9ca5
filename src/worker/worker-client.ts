import { EngineClient } from './engine-client.ts';
import type { Request, WorkerMessage } from './protocol.ts';

/**
 * The engine in a module Worker. A worker that fails to load or throws outside a request
 * rejects every pending call through `onError`, so the page can say so instead of waiting.
 */
export function createWorkerClient(onError: (message: string) => void): EngineClient {
  const worker = new Worker(new URL('./engine-worker.ts', import.meta.url), { type: 'module' });
  worker.addEventListener('error', (e) =>
    onError(e.message || 'the engine worker failed to start'),
  );
  worker.addEventListener('messageerror', () =>
    onError('a message from the engine could not be read'),
  );
  return new EngineClient({
    send: (request: Request) => worker.postMessage(request),
    listen: (fn) =>
      worker.addEventListener('message', (e: MessageEvent<WorkerMessage>) => fn(e.data)),
    close: () => worker.terminate(),
  });
}
