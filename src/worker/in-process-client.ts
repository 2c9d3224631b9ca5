import { EngineClient } from './engine-client.ts';
import type { Transport } from './engine-client.ts';
import { EngineHost } from './engine-host.ts';
import type { WorkerMessage } from './protocol.ts';

/**
 * The engine in this thread, behind the same asynchronous API as the Worker client: for Node
 * (tests, scripts) and for pages that cannot start workers. Messages are delivered on later
 * tasks, as a worker's would be, so code written against one behaves the same on the other.
 */
export function createInProcessClient(): EngineClient {
  let onMessage: (m: WorkerMessage) => void = () => {};
  let closed = false;
  const timers = new Set<ReturnType<typeof setTimeout>>();
  const later = (fn: () => void) => {
    if (closed) return;
    const t = setTimeout(() => {
      timers.delete(t);
      if (!closed) fn();
    }, 0);
    timers.add(t);
  };
  const host = new EngineHost({
    post: (m) => later(() => onMessage(m)),
    now: () => performance.now(),
    schedule: later,
    isolated: false,
  });
  const transport: Transport = {
    send: (request) => later(() => host.handle(request)),
    listen: (fn) => (onMessage = fn),
    close: () => {
      closed = true;
      for (const t of timers) clearTimeout(t);
      timers.clear();
    },
  };
  return new EngineClient(transport);
}
