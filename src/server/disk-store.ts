import { randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { isSha256Hex } from '../share/sha256.ts';
import { checkBlobName } from './blob-store.ts';
import type { BlobStore, StoredBlob } from './blob-store.ts';

/**
 * Files in a local directory, fanned out by the first two hex digits (`ab/abcd...`) so no
 * directory grows past a few thousand entries. A file appears only complete: it is written
 * beside its final name and renamed into place.
 */
export class DiskBlobStore implements BlobStore {
  constructor(private readonly dir: string) {}

  private pathOf(sha256: string): string {
    checkBlobName(sha256);
    return join(this.dir, sha256.slice(0, 2), sha256);
  }

  async open(sha256: string): Promise<StoredBlob | null> {
    // Files are only ever renamed into place, never changed or removed: the size holds.
    const size = await this.size(sha256);
    return size === null ? null : { size, stream: createReadStream(this.pathOf(sha256)) };
  }

  async size(sha256: string): Promise<number | null> {
    try {
      return (await stat(this.pathOf(sha256))).size;
    } catch (e) {
      if (isMissing(e)) return null;
      throw e;
    }
  }

  async put(sha256: string, bytes: Uint8Array): Promise<void> {
    const path = this.pathOf(sha256);
    await mkdir(join(this.dir, sha256.slice(0, 2)), { recursive: true });
    const partial = `${path}.${randomUUID()}.partial`;
    try {
      await writeFile(partial, bytes);
      await rename(partial, path);
    } catch (e) {
      await rm(partial, { force: true });
      throw e;
    }
  }

  async totalBytes(): Promise<number> {
    let total = 0;
    for (const fan of await listOrEmpty(this.dir)) {
      if (!/^[0-9a-f]{2}$/.test(fan)) continue;
      for (const name of await listOrEmpty(join(this.dir, fan))) {
        if (isSha256Hex(name)) total += (await stat(join(this.dir, fan, name))).size;
      }
    }
    return total;
  }
}

function isMissing(e: unknown): boolean {
  return (e as NodeJS.ErrnoException).code === 'ENOENT';
}

async function listOrEmpty(dir: string): Promise<string[]> {
  try {
    return await readdir(dir);
  } catch (e) {
    if (isMissing(e)) return [];
    throw e;
  }
}
