import type { StateCreator } from 'zustand/vanilla';
import type { RunBackTarget, SeekProgress, SpaceDiffView } from '../../engine/time-travel-views.ts';
import type { EngineClient } from '../../worker/engine-client.ts';
import type { AppState } from './types.ts';

export type MarkSlot = 'a' | 'b';

/** Moving in the recorded run, the two marked instructions and their address-space diff. */
export interface TimeTravelSlice {
  /** A seek in progress, from the engine's updates. */
  seeking: SeekProgress | null;
  /** A time-travel call is under way: the position shown is about to change. */
  travelling: boolean;
  /** The instructions marked A and B on the timeline. */
  marks: Record<MarkSlot, number | null>;
  spaceDiff: SpaceDiffView | null;
  /** Why the last time-travel call failed. */
  travelError: string | null;
  seek(target: number): Promise<void>;
  stepBack(): Promise<void>;
  runBack(to: RunBackTarget): Promise<void>;
  setMark(slot: MarkSlot, at: number | null): void;
  /** Diffs the address spaces at A and B. */
  diffMarks(): Promise<void>;
  /** Text typed into the serial console, to COM1 (recorded in the session's input log). */
  sendSerial(text: string): void;
  /** A key pressed or released on the screen, to the PS/2 keyboard (recorded too). */
  sendKey(code: string, down: boolean): void;
}

const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

export function timeTravelSlice(
  client: EngineClient,
): StateCreator<AppState, [], [], TimeTravelSlice> {
  return (set, get) => {
    client.onUpdate((u) => {
      const seeking = u.seeking ?? null;
      if (seeking !== get().seeking) set({ seeking });
    });

    /** A call that moves the machine: registers highlight what it changed. */
    const travel = async (call: () => Promise<unknown>) => {
      set({ registersBefore: get().views?.registers ?? null, travelError: null, travelling: true });
      try {
        await call();
      } catch (e) {
        set({ travelError: message(e) });
      } finally {
        set({ travelling: false });
      }
    };

    return {
      seeking: null,
      travelling: false,
      marks: { a: null, b: null },
      spaceDiff: null,
      travelError: null,

      seek: (target) => travel(() => client.travel('seek', { target: Math.round(target) })),
      stepBack: () => travel(() => client.travel('stepBack', {})),
      runBack: (to) => travel(() => client.travel('runBack', { to })),

      setMark(slot, at) {
        set({ marks: { ...get().marks, [slot]: at }, spaceDiff: null });
      },

      async diffMarks() {
        const { a, b } = get().marks;
        if (a === null || b === null) return;
        try {
          set({ spaceDiff: await client.travel('diffSpaces', { a, b }), travelError: null });
        } catch (e) {
          set({ travelError: message(e) });
        }
      },

      sendSerial(text) {
        const bytes = new TextEncoder().encode(text);
        void client.travel('sendSerial', { bytes }).catch((e: unknown) => {
          set({ notice: `Serial input failed: ${message(e)}` });
        });
      },

      sendKey(code, down) {
        void client.travel('sendKey', { code, down }).catch((e: unknown) => {
          set({ notice: `Keyboard input failed: ${message(e)}` });
        });
      },
    };
  };
}
