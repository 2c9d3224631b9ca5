import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeShareLink, encodeShare, fetchSessionFiles, uploadFiles } from '../share/index.ts';
import { noiseBytes, sampleSession } from '../share/test-helpers.ts';
import { startFakeS3 } from './fake-s3.ts';
import { S3BlobStore } from './s3-store.ts';
import { makeDist, rawRequest, startServer } from './test-server.ts';
import type { Running } from './test-server.ts';

let running: Running;
beforeAll(async () => {
  running = await startServer(await makeDist(), { limits: { maxObjectBytes: 1 << 20 } });
});
afterAll(() => running.close());

describe('sharing a session through the service', () => {
  it('a link with the small module inline and the large image uploaded opens elsewhere', async () => {
    const image = noiseBytes(200_000, 5); // does not compress: too large for a link
    const module = new TextEncoder().encode('module text '.repeat(100));
    const session = await sampleSession(image, module);
    const files = new Map([
      [session.image.sha256, image],
      [session.machine.modules[0].sha256, module],
    ]);
    const service = { baseUrl: `http://127.0.0.1:${running.port}/` };

    const encoded = await encodeShare(session, files);
    if (!encoded.ok) throw new Error(encoded.error.message);
    expect(encoded.value.upload).toEqual([session.image.sha256]);
    expect((await uploadFiles(service, files, encoded.value.upload)).ok).toBe(true);

    // The person opening the link has nothing but the link.
    const link = `http://127.0.0.1:${running.port}/#${encoded.value.fragment}`;
    const decoded = await decodeShareLink(link);
    if (!decoded.ok) throw new Error(decoded.error.message);
    const fetched = await fetchSessionFiles(service, decoded.value.session, decoded.value.files);
    if (!fetched.ok) throw new Error(fetched.error.message);
    expect(fetched.value.get(session.image.sha256)).toEqual(image);
    expect(fetched.value.get(session.machine.modules[0].sha256)).toEqual(module);
    expect(decoded.value.session).toEqual(session);
  });

  it('a session too large for a link is stored too, and the link that names it opens', async () => {
    const image = noiseBytes(1000, 6);
    const session = await sampleSession(image);
    session.input = Array.from({ length: 20_000 }, (_, i) => ({
      at: i * 1000,
      device: 'keyboard' as const,
      bytes: noiseBytes(6, i),
    }));
    const service = { baseUrl: `http://127.0.0.1:${running.port}/` };
    const encoded = await encodeShare(session, new Map([[session.image.sha256, image]]));
    if (!encoded.ok) throw new Error(encoded.error.message);
    expect(encoded.value.fragment).toMatch(/^ps2\.@[0-9a-f]{64}$/);
    const module = new TextEncoder().encode('initrd contents');
    const files = new Map([
      ...encoded.value.made,
      [session.image.sha256, image],
      [session.machine.modules[0].sha256, module],
    ]);
    expect((await uploadFiles(service, files, encoded.value.upload)).ok).toBe(true);

    const decoded = await decodeShareLink(`/#${encoded.value.fragment}`, { service });
    if (!decoded.ok) throw new Error(decoded.error.message);
    expect(decoded.value.session).toEqual(session);
    const fetched = await fetchSessionFiles(service, decoded.value.session, decoded.value.files);
    expect(fetched.ok && fetched.value.get(session.image.sha256)).toEqual(image);
  });

  it('the service keeps files in an S3 bucket when configured so', async () => {
    const fake = await startFakeS3('shares', { AKIDTEST: 'secret' });
    const store = new S3BlobStore({
      bucketUrl: fake.bucketUrl,
      region: 'us-east-1',
      prefix: 'pagescope/',
      credentials: { accessKeyId: 'AKIDTEST', secretAccessKey: 'secret' },
    });
    const s3Served = await startServer(await makeDist(), { store });
    try {
      const image = noiseBytes(3000, 8);
      const session = await sampleSession(image);
      const service = { baseUrl: `http://127.0.0.1:${s3Served.port}` };
      const files = new Map([[session.image.sha256, image]]);
      expect((await uploadFiles(service, files, [session.image.sha256])).ok).toBe(true);
      expect([...fake.objects.keys()]).toEqual([`pagescope/${session.image.sha256}`]);
      const fetched = await fetchSessionFiles(
        service,
        { ...session, machine: { ...session.machine, modules: [] } },
        new Map(),
      );
      expect(fetched.ok && fetched.value.get(session.image.sha256)).toEqual(image);
      const head = await rawRequest(s3Served.port, 'HEAD', `/api/blobs/${session.image.sha256}`);
      expect(head.headers['content-length']).toBe('3000');
    } finally {
      await s3Served.close();
      await fake.close();
    }
  });
});
