import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sha256Hex } from './sigv4.ts';
import type { BlobStore } from './blob-store.ts';
import { StoreError } from './blob-store.ts';
import { DiskBlobStore } from './disk-store.ts';
import { startFakeS3 } from './fake-s3.ts';
import type { FakeS3 } from './fake-s3.ts';
import { S3BlobStore } from './s3-store.ts';

const KEYS = { AKIDTEST: 'secret/with+chars' };
const CREDENTIALS = { accessKeyId: 'AKIDTEST', secretAccessKey: KEYS.AKIDTEST };

let fake: FakeS3;
let dir: string;
beforeAll(async () => {
  fake = await startFakeS3('shares', KEYS);
  dir = await mkdtemp(join(tmpdir(), 'pagescope-store-'));
});
afterAll(async () => {
  await fake.close();
  await rm(dir, { recursive: true, force: true });
});

async function readStored(store: BlobStore, sha256: string): Promise<Uint8Array | null> {
  const blob = await store.open(sha256);
  if (!blob) return null;
  const bytes = new Uint8Array(Buffer.concat(await blob.stream.toArray()));
  expect(bytes.length).toBe(blob.size);
  return bytes;
}

const stores: [string, () => BlobStore][] = [
  ['DiskBlobStore', () => new DiskBlobStore(dir)],
  [
    'S3BlobStore',
    () =>
      new S3BlobStore({
        bucketUrl: fake.bucketUrl,
        region: 'eu-west-3',
        prefix: 'blobs/',
        credentials: CREDENTIALS,
      }),
  ],
];

for (const [name, makeStore] of stores) {
  describe(name, () => {
    const files = ['first file', 'second', 'third, longer than the others'].map((s) =>
      new TextEncoder().encode(s),
    );

    it('gives back what was put, by SHA-256, and null for what was not', async () => {
      const store = makeStore();
      for (const bytes of files) await store.put(sha256Hex(bytes), bytes);
      for (const bytes of files) {
        expect(await readStored(store, sha256Hex(bytes))).toEqual(bytes);
        expect(await store.size(sha256Hex(bytes))).toBe(bytes.length);
      }
      const absent = sha256Hex('never stored');
      expect(await store.open(absent)).toBeNull();
      expect(await store.size(absent)).toBeNull();
    });

    it('sums the stored sizes for the quota', async () => {
      const total = files.reduce((sum, f) => sum + f.length, 0);
      expect(await makeStore().totalBytes()).toBe(total);
    });

    it('refuses names that are not a lower-case SHA-256 before touching storage', async () => {
      const store = makeStore();
      for (const bad of ['../../etc/passwd', 'A'.repeat(64), `${'a'.repeat(64)}/x`, '']) {
        await expect(store.open(bad)).rejects.toBeInstanceOf(StoreError);
        await expect(store.put(bad, new Uint8Array(1))).rejects.toBeInstanceOf(StoreError);
      }
    });
  });
}

describe('DiskBlobStore layout', () => {
  it('fans files out by their first two hex digits and leaves no partial files', async () => {
    const bytes = new TextEncoder().encode('first file');
    const hash = sha256Hex(bytes);
    expect(await readdir(join(dir, hash.slice(0, 2)))).toEqual([hash]);
  });

  it('reads an empty store as empty when its directory does not exist yet', async () => {
    expect(await new DiskBlobStore(join(dir, 'not-yet')).totalBytes()).toBe(0);
  });
});

describe('S3BlobStore against the fake S3', () => {
  it('sends signed, prefixed, path-style requests and pages through listings', async () => {
    const listings = fake.log.filter((l) => l.includes('list-type=2'));
    expect(listings.length).toBe(2); // three objects, two a page
    expect(fake.log.some((l) => /^PUT \/shares\/blobs\/[0-9a-f]{64}$/.test(l))).toBe(true);
    expect([...fake.objects.keys()].every((k) => k.startsWith('blobs/'))).toBe(true);
  });

  it('reports a refused signature as a StoreError with S3 error code', async () => {
    const store = new S3BlobStore({
      bucketUrl: fake.bucketUrl,
      region: 'eu-west-3',
      prefix: 'blobs/',
      credentials: { accessKeyId: 'AKIDTEST', secretAccessKey: 'wrong' },
    });
    await expect(store.open(sha256Hex('x'))).rejects.toThrow(/403 \(SignatureDoesNotMatch\)/);
  });

  it('reports an unreachable store as a StoreError', async () => {
    const store = new S3BlobStore({
      bucketUrl: 'http://127.0.0.1:1/none/',
      region: 'us-east-1',
      prefix: '',
      credentials: CREDENTIALS,
    });
    await expect(store.size(sha256Hex('x'))).rejects.toBeInstanceOf(StoreError);
  });
});
