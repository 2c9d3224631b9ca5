import { useEffect, useRef, useState } from 'react';
import type { InspectorCall } from '../../worker/engine-client.ts';
import type { CallArgs, CallResult } from '../../worker/protocol.ts';
import { useApp } from '../store/index.ts';

/**
 * A view is asked for again at most once per this many times what the last one took, so
 * one panel keeps the engine busy at most a tenth of the time (a map of 100,000 ranges
 * takes ~150 ms to build: once a second and a half, not ten times a second).
 */
const BUDGET_FACTOR = 10;

/**
 * One inspector view, asked for again whenever the machine may have changed (each update
 * that carries views, a new boot) or the arguments change; an answer for arguments or a
 * machine state since replaced is dropped. A change to the arguments asks at once; machine
 * updates are paced by BUDGET_FACTOR, the last one always answered. `args` null asks nothing.
 */
export function useInspector<K extends InspectorCall>(
  call: K,
  args: CallArgs<K> | null,
): { result: CallResult<K> | null; error: string | null } {
  const inspect = useApp((s) => s.inspect);
  const views = useApp((s) => s.views);
  const epoch = useApp((s) => s.epoch);
  const key = args === null ? null : JSON.stringify(args);
  const [state, setState] = useState<{ result: CallResult<K> | null; error: string | null }>({
    result: null,
    error: null,
  });
  const pace = useRef({ key: null as string | null, epoch: -1, lastStart: 0, lastCost: 0 });

  useEffect(() => {
    if (key === null || views === null) return;
    let live = true;
    const p = pace.current;
    const fresh = p.key !== key || p.epoch !== epoch;
    const wait = fresh
      ? 0
      : Math.max(0, p.lastStart + p.lastCost * BUDGET_FACTOR - performance.now());
    const ask = () => {
      const start = performance.now();
      Object.assign(p, { key, epoch, lastStart: start });
      inspect(call, JSON.parse(key) as CallArgs<K>).then(
        (result) => {
          p.lastCost = performance.now() - start;
          if (live) setState({ result, error: null });
        },
        (e: unknown) =>
          live && setState({ result: null, error: e instanceof Error ? e.message : String(e) }),
      );
    };
    const timer = wait > 0 ? setTimeout(ask, wait) : (ask(), undefined);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [inspect, call, key, views, epoch]);

  return state;
}
