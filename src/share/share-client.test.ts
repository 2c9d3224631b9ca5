import { describe, expect, it } from 'vitest';
import { fetchSessionFiles, uploadFiles } from './share-client.ts';
import { sha256Hex } from './sha256.ts';
import { noiseBytes, sampleSession } from './test-helpers.ts';

const IMAGE = noiseBytes(300, 21);
const MODULE = noiseBytes(40, 22);
const SESSION = await sampleSession(IMAGE, MODULE);

/** A share service answering each blob URL from `answers` (404 when absent). */
function serviceAnswering(answers: Record<string, () => Response>) {
  const requests: string[] = [];
  const fake = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const url = String(input);
    requests.push(`${init?.method ?? 'GET'} ${url}`);
    const hash = url.slice(url.lastIndexOf('/') + 1);
    return answers[hash]?.() ?? new Response('{"error":{"message":"gone"}}', { status: 404 });
  };
  return {
    service: { baseUrl: 'https://share.example/app', fetch: fake as typeof fetch },
    requests,
  };
}

describe('fetchSessionFiles', () => {
  it('fetches only the files it lacks, from the API beside the app', async () => {
    const { service, requests } = serviceAnswering({
      [SESSION.machine.modules[0].sha256]: () => new Response(MODULE),
    });
    const result = await fetchSessionFiles(
      service,
      SESSION,
      new Map([[SESSION.image.sha256, IMAGE]]),
    );
    expect(result.ok && [...result.value.keys()]).toEqual([
      SESSION.image.sha256,
      SESSION.machine.modules[0].sha256,
    ]);
    expect(requests).toEqual([
      `GET https://share.example/app/api/blobs/${SESSION.machine.modules[0].sha256}`,
    ]);
  });

  it('a file the service does not have: SHARE_FILE_MISSING naming it', async () => {
    const { service } = serviceAnswering({});
    const result = await fetchSessionFiles(service, SESSION, new Map());
    expect(result).toMatchObject({
      ok: false,
      error: { code: 'SHARE_FILE_MISSING', message: expect.stringContaining('kernel.elf') },
    });
  });

  it('other bytes than the file, or more of them: SHARE_HASH_MISMATCH', async () => {
    for (const body of [noiseBytes(300, 99), noiseBytes(100_000, 21)]) {
      const { service } = serviceAnswering({ [SESSION.image.sha256]: () => new Response(body) });
      const result = await fetchSessionFiles(
        service,
        SESSION,
        new Map([[SESSION.machine.modules[0].sha256, MODULE]]),
      );
      expect(result).toMatchObject({ ok: false, error: { code: 'SHARE_HASH_MISMATCH' } });
    }
  });

  it('a failing service: SHARE_SERVICE_UNAVAILABLE with its message', async () => {
    const { service } = serviceAnswering({
      [SESSION.image.sha256]: () =>
        new Response('{"error":{"code":"STORE_UNAVAILABLE","message":"storage down"}}', {
          status: 502,
        }),
    });
    const result = await fetchSessionFiles(service, SESSION, new Map());
    expect(result).toMatchObject({
      ok: false,
      error: {
        code: 'SHARE_SERVICE_UNAVAILABLE',
        message: expect.stringContaining('storage down'),
      },
    });
  });

  it('an unreachable service: SHARE_SERVICE_UNAVAILABLE', async () => {
    const service = {
      baseUrl: 'https://share.example/',
      fetch: (() => Promise.reject(new TypeError('network'))) as typeof fetch,
    };
    const result = await fetchSessionFiles(service, SESSION, new Map());
    expect(result).toMatchObject({ ok: false, error: { code: 'SHARE_SERVICE_UNAVAILABLE' } });
  });
});

describe('uploadFiles', () => {
  it('PUTs each file under its SHA-256', async () => {
    const hash = await sha256Hex(IMAGE);
    const { service, requests } = serviceAnswering({
      [hash]: () => new Response('{}', { status: 201 }),
    });
    const result = await uploadFiles(service, new Map([[hash, IMAGE]]), [hash]);
    expect(result.ok).toBe(true);
    expect(requests).toEqual([`PUT https://share.example/app/api/blobs/${hash}`]);
  });

  it('a refusal: SHARE_UPLOAD_REFUSED with the service message', async () => {
    const hash = await sha256Hex(IMAGE);
    const { service } = serviceAnswering({
      [hash]: () =>
        new Response('{"error":{"code":"TOO_LARGE","message":"at most 64 bytes"}}', {
          status: 413,
        }),
    });
    const result = await uploadFiles(service, new Map([[hash, IMAGE]]), [hash]);
    expect(result).toMatchObject({
      ok: false,
      error: { code: 'SHARE_UPLOAD_REFUSED', message: expect.stringContaining('at most 64 bytes') },
    });
  });
});
