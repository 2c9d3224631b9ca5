import type { StateCreator } from 'zustand/vanilla';
import { decodeShareLink, encodeShare, fetchSessionFiles, uploadFiles } from '../../share/index.ts';
import type { ShareService, SharedSession } from '../../share/index.ts';
import type { StopCondition } from '../../engine/views.ts';
import { filesByHash, filesFromHashes, machineOf } from '../../session/record.ts';
import type { EngineClient } from '../../worker/engine-client.ts';
import { bootedState } from './session-slice.ts';
import { breakpointsOf, layoutOf, marksOf, queryOf, sharedViewOf } from './shared-view.ts';
import type { AppState } from './types.ts';

/** A share-codec error from the catalog, or the engine's (code ENGINE), as the page shows it. */
export interface ShareProblem {
  code: string;
  message: string;
  hint: string;
}

export type ShareState =
  | { kind: 'idle' }
  | { kind: 'working' }
  | { kind: 'done'; url: string; uploaded: number }
  | { kind: 'failed'; error: ShareProblem };

/** Making a share link of the session, and opening one. */
export interface ShareSlice {
  share: ShareState;
  /** Why the shared link the page was opened with could not be opened. */
  shareOpenError: ShareProblem | null;
  /**
   * Makes a link to `pageUrl` (the app's address without a fragment) for the session;
   * resolves with it, or null when it failed (`share` says why).
   */
  createShareLink(pageUrl: string, service: ShareService): Promise<string | null>;
  /** Opens a shared session link: its files, the machine at its instruction, its view. */
  openSharedLink(link: string, service: ShareService): Promise<void>;
  dismissShare(): void;
}

const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

/** A problem outside the share codec (the engine's), said the catalog's way. */
function engineError(what: string, e: unknown): ShareProblem {
  return { code: 'ENGINE', message: `${what}: ${message(e)}.`, hint: 'Reload the page.' };
}

export function shareSlice(client: EngineClient): StateCreator<AppState, [], [], ShareSlice> {
  /** The link opened: the page's effects may ask twice (React's StrictMode does). */
  let opened: string | null = null;
  return (set, get, api) => {
    /** Resolves once the first boot (the demo's) is over, or the engine failed to start. */
    const settled = () =>
      new Promise<void>((resolve) => {
        const ready = (s: AppState) =>
          s.connection === 'failed' ||
          (s.booting === null && (s.kernelName !== null || s.bootFailure !== null));
        if (ready(get())) return resolve();
        const off = api.subscribe((s) => {
          if (!ready(s)) return;
          off();
          resolve();
        });
      });

    const restoreView = (session: SharedSession) => {
      const s = get();
      const query = queryOf(session.view);
      if (query) s.setQuery(query);
      for (const b of s.breakpoints) s.removeBreakpoint(b.id);
      for (const { enabled, ...condition } of breakpointsOf(session.view)) {
        get().addBreakpoint(condition as StopCondition);
        if (!enabled) get().toggleBreakpoint(get().breakpoints.at(-1)!.id);
      }
      get().showLinkLayout(layoutOf(session.view, get()));
      set({ marks: marksOf(session.view), spaceDiff: null });
    };

    return {
      share: { kind: 'idle' },
      shareOpenError: null,

      async createShareLink(pageUrl, service) {
        set({ share: { kind: 'working' } });
        const fail = (error: ShareProblem) => {
          set({ share: { kind: 'failed', error } });
          return null;
        };
        let shared;
        try {
          shared = await client.travel('sessionRecord', { view: sharedViewOf(get()) });
        } catch (e) {
          return fail(engineError('The engine could not give the session', e));
        }
        const { record, files } = shared;
        const bytes = filesByHash(record, files);
        const encoded = await encodeShare(record, bytes);
        if (!encoded.ok) return fail(encoded.error);
        const { fragment, upload } = encoded.value;
        if (upload.length > 0) {
          const sent = await uploadFiles(service, bytes, upload);
          if (!sent.ok) return fail(sent.error);
        }
        const url = `${pageUrl}#${fragment}`;
        set({ share: { kind: 'done', url, uploaded: upload.length } });
        return url;
      },

      async openSharedLink(link, service) {
        if (link === opened) return;
        opened = link;
        const decoded = await decodeShareLink(link);
        if (!decoded.ok) return set({ shareOpenError: decoded.error });
        const { session } = decoded.value;
        const fetched = await fetchSessionFiles(service, session, decoded.value.files);
        if (!fetched.ok) return set({ shareOpenError: fetched.error });
        await settled();
        if (get().connection !== 'ready') return;
        const name = session.image.name;
        const files = filesFromHashes(session, fetched.value);
        set({ booting: name });
        let reply;
        try {
          reply = await client.openSession({ record: session, files });
        } catch (e) {
          set({ booting: null, shareOpenError: engineError('The shared session did not open', e) });
          return;
        }
        if (!reply.ok) {
          set({ booting: null, bootFailure: { name, ...reply.error } });
          return;
        }
        set({
          ...bootedState(name, reply, client.ramShared),
          // The shared machine, its modules and disks, is the page's now: reset and the
          // Machine menu keep it.
          machine: machineOf(session, files),
          shareOpenError: null,
        });
        restoreView(session);
      },

      dismissShare: () => set({ share: { kind: 'idle' }, shareOpenError: null }),
    };
  };
}
