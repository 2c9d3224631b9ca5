import type { StateCreator } from 'zustand/vanilla';
import type { Breakpoint, RunTarget, StopCondition } from '../../engine/views.ts';
import type { EngineClient } from '../../worker/engine-client.ts';
import type { AppState } from './types.ts';

/** Breakpoints and "run to": the list lives here and goes to the engine whole on each change. */
export interface DebugSlice {
  breakpoints: Breakpoint[];
  addBreakpoint(c: StopCondition): void;
  toggleBreakpoint(id: number): void;
  removeBreakpoint(id: number): void;
  /** Runs to the target; resolves with why it could not start (a bad address), or null. */
  runTo(target: RunTarget): Promise<string | null>;
}

const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

export function debugSlice(client: EngineClient): StateCreator<AppState, [], [], DebugSlice> {
  let nextId = 1;
  return (set, get) => {
    const update = (breakpoints: Breakpoint[]) => {
      set({ breakpoints });
      void client.setBreakpoints(breakpoints).catch((e: unknown) => {
        set({ notice: `Setting the breakpoints failed: ${message(e)}` });
      });
    };
    return {
      breakpoints: [],

      addBreakpoint(c) {
        update([...get().breakpoints, { ...c, id: nextId++, enabled: true }]);
      },

      toggleBreakpoint(id) {
        update(get().breakpoints.map((b) => (b.id === id ? { ...b, enabled: !b.enabled } : b)));
      },

      removeBreakpoint(id) {
        update(get().breakpoints.filter((b) => b.id !== id));
      },

      async runTo(target) {
        // What the run changes is highlighted in the registers when it stops.
        set({ registersBefore: get().views?.registers ?? null });
        try {
          await client.runTo(target);
          return null;
        } catch (e) {
          return message(e);
        }
      },
    };
  };
}
