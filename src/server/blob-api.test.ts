import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BlobStore } from './blob-store.ts';
import { StoreError } from './blob-store.ts';
import { sha256Hex } from './sigv4.ts';
import { makeDist, rawRequest, startServer } from './test-server.ts';
import type { Running } from './test-server.ts';

const FILE = new TextEncoder().encode('a kernel image, or close enough');
const HASH = sha256Hex(FILE);

let dist: string;
let running: Running;
beforeAll(async () => {
  dist = await makeDist();
  running = await startServer(dist);
});
afterAll(() => running.close());

const send = (method: string, path: string, options: Parameters<typeof rawRequest>[3] = {}) =>
  rawRequest(running.port, method, path, options);

describe('storing and fetching files', () => {
  it('PUT stores under the SHA-256 and GET gives the bytes back as an attachment', async () => {
    const put = await send('PUT', `/api/blobs/${HASH}`, { body: FILE });
    expect(put.status).toBe(201);
    expect(put.json).toEqual({ sha256: HASH, size: FILE.length });
    expect(put.headers.location).toBe(`/api/blobs/${HASH}`);

    const got = await send('GET', `/api/blobs/${HASH}`);
    expect(got.status).toBe(200);
    expect(new Uint8Array(got.body)).toEqual(FILE);
    expect(got.headers['content-type']).toBe('application/octet-stream');
    expect(got.headers['x-content-type-options']).toBe('nosniff');
    expect(got.headers['content-disposition']).toBe(`attachment; filename="${HASH}.bin"`);
    expect(got.headers['content-security-policy']).toContain('sandbox');
    expect(got.headers['cross-origin-embedder-policy']).toBe('require-corp');
  });

  it('PUT of what is already stored answers 200', async () => {
    const again = await send('PUT', `/api/blobs/${HASH}`, { body: FILE });
    expect(again.status).toBe(200);
  });

  it('HEAD tells the size without the bytes', async () => {
    const head = await send('HEAD', `/api/blobs/${HASH}`);
    expect(head.status).toBe(200);
    expect(head.headers['content-length']).toBe(String(FILE.length));
    expect(head.body.length).toBe(0);
  });

  it('POST stores under the hash the server computes', async () => {
    const body = new TextEncoder().encode('<html><script>alert(1)</script></html>');
    const post = await send('POST', '/api/blobs', { body });
    expect(post.status).toBe(201);
    expect(post.json?.sha256).toBe(sha256Hex(body));
    const got = await send('GET', `/api/blobs/${sha256Hex(body)}`);
    expect(got.headers['content-type']).toBe('application/octet-stream');
    expect(got.headers['content-disposition']).toMatch(/^attachment/);
  });

  it('POST with a declared hash stores only a body that matches it', async () => {
    const body = new TextEncoder().encode('declared');
    const ok = await send('POST', '/api/blobs', {
      body,
      headers: { 'X-Content-SHA256': sha256Hex(body) },
    });
    expect(ok.status).toBe(201);
    const wrong = await send('POST', '/api/blobs', {
      body: new TextEncoder().encode('something else'),
      headers: { 'X-Content-SHA256': sha256Hex(body) },
    });
    expect(wrong.status).toBe(422);
    expect(wrong.json?.error?.code).toBe('HASH_MISMATCH');
    const malformed = await send('POST', '/api/blobs', {
      body,
      headers: { 'X-Content-SHA256': 'abc' },
    });
    expect(malformed.status).toBe(400);
    expect(malformed.json?.error?.code).toBe('BAD_DECLARED_HASH');
  });

  it('PUT of a body that does not hash to its name stores nothing', async () => {
    const name = sha256Hex('the declared contents');
    const put = await send('PUT', `/api/blobs/${name}`, { body: 'other contents' });
    expect(put.status).toBe(422);
    expect(put.json?.error?.message).toContain(sha256Hex('other contents'));
    expect((await send('GET', `/api/blobs/${name}`)).status).toBe(404);
  });

  it('GET of a hash never stored is a JSON 404', async () => {
    const got = await send('GET', `/api/blobs/${sha256Hex('nothing')}`);
    expect(got.status).toBe(404);
    expect(got.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(got.json?.error?.code).toBe('NOT_FOUND');
  });
});

describe('hostile requests', () => {
  it('accepts only lower-case hex SHA-256 names', async () => {
    for (const name of [
      '../../etc/passwd',
      '..%2f..%2fetc%2fpasswd',
      '%2e%2e',
      HASH.toUpperCase(),
      HASH.slice(1),
      `${HASH}0`,
      `${HASH}.html`,
      `${HASH}%00`,
      'index.html',
    ]) {
      const reply = await send('GET', `/api/blobs/${name}`);
      expect(reply.status, name).toBeGreaterThanOrEqual(400);
      expect(reply.status, name).toBeLessThan(500);
      expect(reply.json?.error?.code, name).toMatch(/^(BAD_NAME|NOT_FOUND)$/);
    }
  });

  it('refuses wrong methods with 405 and Allow', async () => {
    const cases: [string, string, string][] = [
      ['DELETE', `/api/blobs/${HASH}`, 'GET, HEAD, PUT'],
      ['POST', `/api/blobs/${HASH}`, 'GET, HEAD, PUT'],
      ['PATCH', `/api/blobs/${HASH}`, 'GET, HEAD, PUT'],
      ['GET', '/api/blobs', 'POST'],
      ['PUT', '/api/blobs', 'POST'],
    ];
    for (const [method, path, allow] of cases) {
      const reply = await send(method, path);
      expect(reply.status, `${method} ${path}`).toBe(405);
      expect(reply.headers.allow).toBe(allow);
      expect(reply.json?.error?.code).toBe('METHOD_NOT_ALLOWED');
    }
  });

  it('answers unknown API paths with a JSON 404, never the app', async () => {
    const reply = await send('GET', '/api/sessions');
    expect(reply.status).toBe(404);
    expect(reply.json?.error?.code).toBe('NOT_FOUND');
  });

  it('refuses a declared size over the limit with 413 before reading the body', async () => {
    const reply = await send('PUT', `/api/blobs/${HASH}`, {
      headers: { 'Content-Length': 1_000_000 },
      send: (req) => req.write('x'), // the rest never comes: the answer must not wait for it
    });
    expect(reply.status).toBe(413);
    expect(reply.json?.error?.code).toBe('TOO_LARGE');
    expect(reply.headers.connection).toBe('close');
  });

  it('refuses a chunked body once it passes the limit with 413', async () => {
    const reply = await send('POST', '/api/blobs', {
      send: (req) => {
        for (let i = 0; i < 8; i++) req.write(new Uint8Array(1024));
        req.end();
      },
    });
    expect(reply.status).toBe(413);
    const stored = await send('GET', `/api/blobs/${sha256Hex(new Uint8Array(8192))}`);
    expect(stored.status).toBe(404);
  });

  it('gives up on an upload that stalls, with 408', async () => {
    const started = Date.now();
    const reply = await send('POST', '/api/blobs', {
      headers: { 'Content-Length': 100 },
      send: (req) => req.write(new Uint8Array(10)),
    });
    expect(reply.status).toBe(408);
    expect(reply.json?.error?.message).toContain('10 bytes arrived');
    expect(Date.now() - started).toBeLessThan(1500);
  });

  it('gives up on an upload trickled in too slowly overall, with 408', async () => {
    const reply = await send('POST', '/api/blobs', {
      headers: { 'Content-Length': 100 },
      send: (req) => {
        const timer = setInterval(() => {
          if (req.destroyed || req.writableEnded) clearInterval(timer);
          else req.write('x');
        }, 100);
        req.on('close', () => clearInterval(timer));
      },
    });
    expect(reply.status).toBe(408);
  });

  it('stores nothing from an aborted upload and keeps serving', async () => {
    const body = new Uint8Array(2000).fill(7);
    await rawRequest(running.port, 'PUT', `/api/blobs/${sha256Hex(body)}`, {
      headers: { 'Content-Length': body.length },
      send: (req) => {
        req.write(body.subarray(0, 500));
        setTimeout(() => req.destroy(), 50);
      },
    }).catch(() => undefined);
    await new Promise((r) => setTimeout(r, 100));
    expect((await send('GET', `/api/blobs/${sha256Hex(body)}`)).status).toBe(404);
    expect((await send('GET', '/')).status).toBe(200);
  });
});

describe('limits', () => {
  it('refuses files past the storage quota with 507, counting what is stored', async () => {
    const small = await startServer(dist, { limits: { quotaBytes: 1000 }, storedBytes: 600 });
    try {
      const fits = new Uint8Array(400).fill(1);
      expect((await rawRequest(small.port, 'POST', '/api/blobs', { body: fits })).status).toBe(201);
      const over = await rawRequest(small.port, 'POST', '/api/blobs', { body: 'x' });
      expect(over.status).toBe(507);
      expect(over.json?.error?.code).toBe('QUOTA_EXCEEDED');
      // What is already stored costs nothing more, declared or not.
      expect((await rawRequest(small.port, 'POST', '/api/blobs', { body: fits })).status).toBe(200);
      const put = await rawRequest(small.port, 'PUT', `/api/blobs/${sha256Hex(fits)}`, {
        body: fits,
      });
      expect(put.status).toBe(200);
      // A declared size past the quota is refused before the body is read.
      const announced = await rawRequest(small.port, 'PUT', `/api/blobs/${HASH}`, {
        headers: { 'Content-Length': 500 },
        send: (req) => req.write('x'),
      });
      expect(announced.status).toBe(507);
    } finally {
      await small.close();
    }
  });

  it('limits the request rate per client with 429 and Retry-After', async () => {
    const strict = await startServer(dist, { limits: { rate: { perMinute: 6, burst: 2 } } });
    try {
      const path = `/api/blobs/${HASH}`;
      const statuses = [];
      for (let i = 0; i < 3; i++)
        statuses.push((await rawRequest(strict.port, 'GET', path)).status);
      expect(statuses).toEqual([404, 404, 429]);
      const limited = await rawRequest(strict.port, 'GET', path);
      expect(limited.headers['retry-after']).toBe('10');
      expect(limited.json?.error?.code).toBe('RATE_LIMITED');
      // The app itself is not rate limited.
      expect((await rawRequest(strict.port, 'GET', '/')).status).toBe(200);
    } finally {
      await strict.close();
    }
  });

  it('refuses uploads past the concurrent limit with 503, and takes them again after', async () => {
    const busy = await startServer(dist, {
      limits: { maxConcurrentUploads: 1, uploadIdleMs: 400 },
    });
    try {
      const stalled = rawRequest(busy.port, 'POST', '/api/blobs', {
        headers: { 'Content-Length': 100 },
        send: (req) => req.write('x'),
      });
      await new Promise((r) => setTimeout(r, 100));
      const second = await rawRequest(busy.port, 'POST', '/api/blobs', { body: 'y' });
      expect(second.status).toBe(503);
      expect(second.json?.error?.code).toBe('BUSY');
      expect(second.headers['retry-after']).toBe('5');
      expect((await stalled).status).toBe(408);
      expect((await rawRequest(busy.port, 'POST', '/api/blobs', { body: 'y' })).status).toBe(201);
    } finally {
      await busy.close();
    }
  });

  it('behind a trusted proxy, limits each forwarded client on its own', async () => {
    const proxied = await startServer(dist, {
      limits: { rate: { perMinute: 1, burst: 1 } },
      trustProxy: true,
    });
    try {
      const from = (client: string) =>
        rawRequest(proxied.port, 'GET', `/api/blobs/${HASH}`, {
          headers: { 'X-Forwarded-For': `198.51.100.1, ${client}` },
        });
      expect((await from('203.0.113.7')).status).toBe(404);
      expect((await from('203.0.113.7')).status).toBe(429);
      expect((await from('203.0.113.8')).status).toBe(404);
    } finally {
      await proxied.close();
    }
  });

  it('without a trusted proxy, ignores X-Forwarded-For', async () => {
    const direct = await startServer(dist, { limits: { rate: { perMinute: 1, burst: 1 } } });
    try {
      const from = (client: string) =>
        rawRequest(direct.port, 'GET', `/api/blobs/${HASH}`, {
          headers: { 'X-Forwarded-For': client },
        });
      expect((await from('203.0.113.7')).status).toBe(404);
      expect((await from('203.0.113.8')).status).toBe(429);
    } finally {
      await direct.close();
    }
  });

  it('answers 502 when the store fails, without details of the store', async () => {
    const failing: BlobStore = {
      open: () => Promise.reject(new StoreError('S3 GET answered 403 (AccessDenied)')),
      size: () => Promise.reject(new StoreError('S3 HEAD answered 403 (AccessDenied)')),
      put: () => Promise.reject(new StoreError('no')),
      totalBytes: () => Promise.resolve(0),
    };
    const broken = await startServer(dist, { store: failing });
    const originalError = console.error;
    console.error = () => {};
    try {
      const reply = await rawRequest(broken.port, 'GET', `/api/blobs/${HASH}`);
      expect(reply.status).toBe(502);
      expect(reply.json?.error?.code).toBe('STORE_UNAVAILABLE');
      expect(reply.body.toString()).not.toContain('AccessDenied');
    } finally {
      console.error = originalError;
      await broken.close();
    }
  });
});
