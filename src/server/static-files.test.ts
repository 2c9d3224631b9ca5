import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeDist, OUTSIDE_MARKER, rawRequest, startServer } from './test-server.ts';
import type { Running } from './test-server.ts';

let running: Running;
beforeAll(async () => {
  running = await startServer(await makeDist());
});
afterAll(() => running.close());

const get = (path: string, method = 'GET') => rawRequest(running.port, method, path);

describe('the built app', () => {
  it('serves index.html at / with the cross-origin isolation headers', async () => {
    const reply = await get('/');
    expect(reply.status).toBe(200);
    expect(reply.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(reply.headers['cross-origin-opener-policy']).toBe('same-origin');
    expect(reply.headers['cross-origin-embedder-policy']).toBe('require-corp');
    expect(reply.headers['cache-control']).toBe('no-cache');
    expect(reply.body.toString()).toContain('<title>pagescope</title>');
  });

  it('serves hashed assets as JavaScript, cached for good', async () => {
    const reply = await get('/assets/index-abc123.js');
    expect(reply.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(reply.headers['cache-control']).toContain('immutable');
    expect(reply.body.toString()).toBe('console.log(1)');
  });

  it('serves kernel images as bytes', async () => {
    const reply = await get('/kernels/demo.elf');
    expect(reply.headers['content-type']).toBe('application/octet-stream');
    expect([...reply.body]).toEqual([0x7f, 0x45, 0x4c, 0x46]);
  });

  it('answers HEAD with the headers and no body', async () => {
    const reply = await get('/kernels/demo.elf', 'HEAD');
    expect(reply.status).toBe(200);
    expect(reply.headers['content-length']).toBe('4');
    expect(reply.body.length).toBe(0);
  });

  it('falls back to index.html for app routes, but not for missing files', async () => {
    const route = await get('/session/abc?x=1');
    expect(route.status).toBe(200);
    expect(route.body.toString()).toContain('<title>pagescope</title>');
    const missing = await get('/assets/missing.js');
    expect(missing.status).toBe(404);
    expect(missing.json?.error?.code).toBe('NOT_FOUND');
  });

  it('refuses other methods with 405 and Allow', async () => {
    for (const method of ['POST', 'PUT', 'DELETE', 'PATCH']) {
      const reply = await get('/', method);
      expect(reply.status).toBe(405);
      expect(reply.headers.allow).toBe('GET, HEAD');
      expect(reply.json?.error?.code).toBe('METHOD_NOT_ALLOWED');
    }
  });

  it('never reads outside its directory, nor dot files', async () => {
    for (const path of [
      '/../outside.txt',
      '/assets/../../outside.txt',
      '/%2e%2e/outside.txt',
      '/..%2foutside.txt',
      '/assets%2f..%2f..%2foutside.txt',
      '/..%5coutside.txt',
      '/.env',
      '/%2eenv',
      '/kernels/%00demo.elf',
      '/%E0%A4%A',
    ]) {
      const reply = await get(path);
      expect(reply.status, path).toBeGreaterThanOrEqual(400);
      expect(reply.body.toString(), path).not.toContain(OUTSIDE_MARKER);
      expect(reply.headers['cross-origin-embedder-policy']).toBe('require-corp');
    }
  });

  it('refuses a request target that is not a path', async () => {
    const reply = await get('http://elsewhere.example/');
    expect(reply.status).toBe(400);
  });
});
