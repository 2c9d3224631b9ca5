import type { StateCreator } from 'zustand/vanilla';
import type { BootReply, UpdateEvent } from '../../worker/protocol.ts';
import type { EngineClient } from '../../worker/engine-client.ts';
import { DEMO_KERNEL } from '../kernels/bundled-kernels.ts';
import type { AppState, BootFailure, SessionSlice } from './types.ts';
import { watchedTables } from './tree-slice.ts';
import { unpackTables } from '../../worker/table-delta.ts';

/** How the app gets a bundled kernel's bytes (fetch in the page; a file read in tests). */
export type KernelFetcher = (file: string) => Promise<Uint8Array>;

/** The store once a kernel has booted: a new machine, nothing of the old one's view kept. */
export function bootedState(
  name: string,
  reply: Extract<BootReply, { ok: true }>,
  ramShared: boolean,
): Partial<AppState> {
  return {
    booting: null,
    bootFailure: null,
    kernelName: name,
    boot: reply.info,
    epoch: reply.epoch,
    ramShared,
    registersBefore: null,
    expanded: {},
    closedTop: {},
    showAll: {},
    selectedCr3: null,
  };
}

/** The store keeps the last MiB of serial output, as the engine does. */
const MAX_SERIAL = 1 << 20;

const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

/** Folds one engine update into the state: a new epoch is a new machine. */
function applyUpdate(u: UpdateEvent, s: AppState): Partial<AppState> {
  const fresh = u.epoch !== s.epoch;
  const serial = fresh ? u.serial : u.serial ? (s.serial + u.serial).slice(-MAX_SERIAL) : s.serial;
  return {
    epoch: u.epoch,
    status: u.status,
    mips: u.mips,
    notice: u.notice,
    serial,
    views: u.views
      ? unpackTables(u.views, u.keptTables, fresh ? null : s.views)
      : fresh
        ? null
        : s.views,
  };
}

export function sessionSlice(
  client: EngineClient,
  fetchKernel: KernelFetcher,
): StateCreator<AppState, [], [], SessionSlice> {
  let started = false;
  return (set, get) => {
    const failed = (name: string, f: Omit<BootFailure, 'name'>) =>
      set({ booting: null, bootFailure: { name, ...f } });

    /** Calls the engine; a failure (worker gone) becomes the notice instead of a rejection. */
    const guard = async (what: string, call: () => Promise<unknown>) => {
      try {
        await call();
      } catch (e) {
        set({ notice: `${what} failed: ${message(e)}` });
      }
    };

    return {
      connection: 'connecting',
      connectionError: null,
      ramShared: false,
      kernelName: null,
      boot: null,
      bootFailure: null,
      booting: null,
      epoch: 0,
      status: null,
      mips: null,
      notice: null,
      machine: null,

      async start() {
        if (started) return;
        started = true;
        client.onUpdate((u) => set((s) => applyUpdate(u, s)));
        try {
          await client.connect();
          set({ connection: 'ready' });
        } catch (e) {
          set({ connection: 'failed', connectionError: message(e) });
          return;
        }
        await get().bootBundled(DEMO_KERNEL);
      },

      async bootBundled(file) {
        set({ booting: file });
        let bytes: Uint8Array;
        try {
          bytes = await fetchKernel(file);
        } catch (e) {
          failed(file, {
            code: 'FETCH_FAILED',
            message: `The bundled kernel could not be loaded: ${message(e)}.`,
            hint: 'Reload the page; if it persists, the build is missing public/kernels/.',
          });
          return;
        }
        await get().bootImage(bytes, file);
      },

      async bootImage(image, name) {
        set({ booting: name });
        let reply;
        try {
          reply = await client.boot(image, name, {
            run: true,
            machine: get().machine ?? undefined,
          });
        } catch (e) {
          failed(name, { code: 'ENGINE', message: message(e), hint: 'Reload the page.' });
          return;
        }
        if (!reply.ok) {
          failed(name, reply.error);
          return;
        }
        set(bootedState(name, reply, client.ramShared));
        // A fresh kernel: look at its entry point until the user asks for something else.
        get().setQuery({ address: reply.info.entry });
      },

      run: () =>
        guard('Run', () => {
          // What the run changes is highlighted in the registers when it stops.
          set({ registersBefore: get().views?.registers ?? null });
          return client.run();
        }),
      pause: () => guard('Pause', () => client.pause()),

      step: (count) =>
        guard('Step', () => {
          set({ registersBefore: get().views?.registers ?? null });
          return client.step(count);
        }),

      setMachine: async (machine) => {
        const before = get().machine;
        set({ machine });
        if (get().kernelName === null) return true;
        await get().reset();
        // The kernel could not boot on it (modules too large for its RAM...): the engine
        // kept the machine that runs, and so does the page.
        if (get().bootFailure === null) return true;
        set({ machine: before });
        return false;
      },
      reset: () =>
        guard('Reset', async () => {
          const reply = await client.reset(get().machine ?? undefined);
          if (!reply.ok)
            return set({ bootFailure: { name: get().kernelName ?? '', ...reply.error } });
          set({
            boot: reply.info,
            bootFailure: null,
            ramShared: client.ramShared,
            registersBefore: null,
            expanded: {},
            closedTop: {},
            showAll: {},
            epoch: reply.epoch,
          });
          await client.watch(get().query, watchedTables(get()), get().rangeFilter);
        }),

      dismissBootFailure: () => set({ bootFailure: null }),

      readRam: (address, length) => client.readRam(address, length),
    };
  };
}
