import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { PUBLIC_KERNELS } from '../../../tests/kernels/paths.ts';
import type { EngineClient } from '../../worker/engine-client.ts';
import { createInProcessClient } from '../../worker/in-process-client.ts';
import { createAppStore } from './index.ts';
import { MAX_RECENT_BYTES, overLimit, sha256Hex } from './recent-slice.ts';
import type { ImageShelf, RecentImage } from './recent-slice.ts';

let client: EngineClient | null = null;
afterEach(() => client?.close());

/** A shelf in memory; `damaged` names images whose bytes cannot be read back. */
function memoryShelf(damaged = new Set<string>()): ImageShelf & { bytes: Map<string, Uint8Array> } {
  const list = new Map<string, RecentImage>();
  const bytes = new Map<string, Uint8Array>();
  return {
    bytes,
    list: async () => [...list.values()],
    read: async (sha) => {
      if (damaged.has(sha) || !bytes.has(sha)) throw new Error('it is missing from storage');
      return bytes.get(sha)!;
    },
    put: async (image, b) => {
      list.set(image.sha256, image);
      bytes.set(image.sha256, b);
    },
    remove: async (sha) => {
      list.delete(sha);
      bytes.delete(sha);
    },
  };
}

const image = (k: number, size = 1000): RecentImage => ({
  name: `k${k}.elf`,
  size,
  sha256: `${k}`,
  added: k,
});

describe('recent images', () => {
  it('only_the_newest_ten_are_kept', () => {
    const all = Array.from({ length: 13 }, (_, k) => image(k));
    expect(overLimit(all).map((i) => i.name)).toEqual(['k2.elf', 'k1.elf', 'k0.elf']);
  });

  it('the_total_size_is_capped_but_the_newest_is_always_kept', () => {
    const big = [image(1, MAX_RECENT_BYTES - 10), image(2, 100), image(3, MAX_RECENT_BYTES * 2)];
    expect(overLimit(big).map((i) => i.name)).toEqual(['k2.elf', 'k1.elf']);
  });

  it('a_booted_file_is_kept_and_a_damaged_copy_is_removed_with_a_message', async () => {
    const damaged = new Set<string>();
    const shelf = memoryShelf(damaged);
    client = createInProcessClient();
    const store = createAppStore(
      client,
      async (f) => new Uint8Array(await readFile(join(PUBLIC_KERNELS, f))),
      { shelf },
    );
    await store.getState().start();
    const bytes = new Uint8Array(await readFile(join(PUBLIC_KERNELS, 'multiboot1-hello.elf')));
    await store.getState().rememberImage('mine.elf', bytes);
    const sha = await sha256Hex(bytes);
    expect(store.getState().recent.map((r) => [r.name, r.size, r.sha256])).toEqual([
      ['mine.elf', bytes.length, sha],
    ]);

    await store.getState().bootRecent(sha);
    expect(store.getState().kernelName).toBe('mine.elf');

    damaged.add(sha);
    await store.getState().bootRecent(sha);
    expect(store.getState().recent).toEqual([]);
    expect(store.getState().notice).toMatch(/kept copy of mine.elf could not be read/);
    expect(store.getState().kernelName).toBe('mine.elf');
  });
});
