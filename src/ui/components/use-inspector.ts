import { useEffect, useState } from 'react';
import type { InspectorCall } from '../../worker/engine-client.ts';
import type { CallArgs, CallResult } from '../../worker/protocol.ts';
import { useApp } from '../store/index.ts';

/**
 * One inspector view, asked for again whenever the machine may have changed (each update
 * that carries views, a new boot) or the arguments change; an answer for arguments or a
 * machine state since replaced is dropped. `args` null asks nothing.
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

  useEffect(() => {
    if (key === null || views === null) return;
    let live = true;
    inspect(call, JSON.parse(key) as CallArgs<K>).then(
      (result) => live && setState({ result, error: null }),
      (e: unknown) =>
        live && setState({ result: null, error: e instanceof Error ? e.message : String(e) }),
    );
    return () => {
      live = false;
    };
  }, [inspect, call, key, views, epoch]);

  return state;
}
