import type { StateCreator } from 'zustand/vanilla';
import type { AppState } from './types.ts';

/** A kernel the user booted from a file, kept so a reload does not lose it. */
export interface RecentImage {
  name: string;
  size: number;
  /** Hex SHA-256 of the bytes: the key, so the same file kept twice is one entry. */
  sha256: string;
  /** When it was last booted (ms since 1970), newest first in the list. */
  added: number;
}

/** Where recent images are kept (IndexedDB in the page; memory in tests). */
export interface ImageShelf {
  list(): Promise<RecentImage[]>;
  /** The bytes; rejects when they cannot be read back intact. */
  read(sha256: string): Promise<Uint8Array>;
  put(image: RecentImage, bytes: Uint8Array): Promise<void>;
  remove(sha256: string): Promise<void>;
}

/** Kept: the last MAX_RECENT images, up to MAX_RECENT_BYTES together. */
export const MAX_RECENT = 10;
export const MAX_RECENT_BYTES = 64 << 20;

/** Which images to drop so the newest fit the limits (the newest one is always kept). */
export function overLimit(images: readonly RecentImage[]): RecentImage[] {
  const newest = [...images].sort((a, b) => b.added - a.added);
  let bytes = 0;
  return newest.filter((im, k) => {
    bytes += im.size;
    return k > 0 && (k >= MAX_RECENT || bytes > MAX_RECENT_BYTES);
  });
}

export async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>);
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

export interface RecentSlice {
  recent: RecentImage[];
  loadRecent(): Promise<void>;
  /** Keeps a booted file's image (called after it booted). */
  rememberImage(name: string, bytes: Uint8Array): Promise<void>;
  bootRecent(sha256: string): Promise<void>;
}

const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

export function recentSlice(shelf: ImageShelf | null): StateCreator<AppState, [], [], RecentSlice> {
  return (set, get) => {
    const refresh = async () => {
      if (!shelf) return;
      const all = await shelf.list();
      set({ recent: [...all].sort((a, b) => b.added - a.added) });
    };
    return {
      recent: [],

      async loadRecent() {
        try {
          await refresh();
        } catch (e) {
          set({ notice: `The recent kernels could not be listed: ${message(e)}.` });
        }
      },

      async rememberImage(name, bytes) {
        if (!shelf) return;
        try {
          const image = {
            name,
            size: bytes.length,
            sha256: await sha256Hex(bytes),
            added: Date.now(),
          };
          await shelf.put(image, bytes);
          for (const old of overLimit([
            ...(await shelf.list()).filter((x) => x.sha256 !== image.sha256),
            image,
          ]))
            await shelf.remove(old.sha256);
          await refresh();
        } catch (e) {
          // Keeping it is a convenience: the kernel runs all the same.
          set({ notice: `${name} could not be kept for the next visit: ${message(e)}.` });
        }
      },

      async bootRecent(sha256) {
        const image = get().recent.find((r) => r.sha256 === sha256);
        if (!shelf || !image) return;
        let bytes: Uint8Array;
        try {
          bytes = await shelf.read(sha256);
          if ((await sha256Hex(bytes)) !== sha256) throw new Error('its bytes changed in storage');
        } catch (e) {
          await shelf.remove(sha256).catch(() => {});
          await refresh().catch(() => {});
          set({
            notice: `The kept copy of ${image.name} could not be read (${message(e)}), so it was removed from the recent kernels. Drop the file again to boot it.`,
          });
          return;
        }
        await get().bootImage(bytes, image.name);
        if (!get().bootFailure) await get().rememberImage(image.name, bytes);
      },
    };
  };
}
