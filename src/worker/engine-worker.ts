/// <reference lib="webworker" />
// The engine worker: owns the machine and runs it in slices between messages (engine-host.ts).
import { EngineHost } from './engine-host.ts';
import type { Request } from './protocol.ts';

declare const self: DedicatedWorkerGlobalScope;

// A MessageChannel post runs the next slice after queued messages, without the 4 ms clamp
// nested setTimeout calls get: the worker stays busy yet answers within a slice.
const channel = new MessageChannel();
const queue: (() => void)[] = [];
channel.port1.onmessage = () => queue.shift()?.();

const host = new EngineHost({
  post: (m) => self.postMessage(m),
  now: () => performance.now(),
  schedule: (fn) => {
    queue.push(fn);
    channel.port2.postMessage(null);
  },
  isolated: self.crossOriginIsolated === true && typeof SharedArrayBuffer === 'function',
});

self.onmessage = (e: MessageEvent<Request>) => host.handle(e.data);
