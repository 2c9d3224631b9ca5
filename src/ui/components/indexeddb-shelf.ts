import type { ImageShelf, RecentImage } from '../store/recent-slice.ts';

const DB = 'pagescope';
const STORE = 'recent-images';

type Stored = RecentImage & { bytes: Uint8Array };

function request<T>(r: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    r.onsuccess = () => resolve(r.result);
    r.onerror = () => reject(r.error ?? new Error('IndexedDB request failed'));
  });
}

/** Recent kernel images in the browser's IndexedDB, keyed by SHA-256. */
export function indexedDbShelf(idb: IDBFactory): ImageShelf {
  let db: Promise<IDBDatabase> | null = null;
  const open = () => {
    db ??= new Promise((resolve, reject) => {
      const r = idb.open(DB, 1);
      r.onupgradeneeded = () => r.result.createObjectStore(STORE, { keyPath: 'sha256' });
      r.onsuccess = () => resolve(r.result);
      r.onerror = () => reject(r.error ?? new Error('IndexedDB could not be opened'));
    });
    return db;
  };
  const store = async (mode: IDBTransactionMode) =>
    (await open()).transaction(STORE, mode).objectStore(STORE);
  return {
    async list() {
      const all = (await request((await store('readonly')).getAll())) as Partial<Stored>[];
      // The list leaves the bytes out; a damaged record shows with what it has, to be removed.
      return all.map((s) => ({
        name: String(s.name ?? 'kernel'),
        size: Number(s.size ?? 0),
        sha256: String(s.sha256),
        added: Number(s.added ?? 0),
      }));
    },
    async read(sha256) {
      const s = (await request((await store('readonly')).get(sha256))) as
        Partial<Stored> | undefined;
      if (!s || !(s.bytes instanceof Uint8Array)) throw new Error('it is missing from storage');
      return s.bytes;
    },
    async put(image, bytes) {
      await request((await store('readwrite')).put({ ...image, bytes } satisfies Stored));
    },
    async remove(sha256) {
      await request((await store('readwrite')).delete(sha256));
    },
  };
}
