import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import type { ClientRequest, IncomingHttpHeaders, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ShareLimits } from './blob-api.ts';
import type { BlobStore } from './blob-store.ts';
import { DiskBlobStore } from './disk-store.ts';
import { createShareServer } from './share-server.ts';

/** Limits small enough to pass in a test. */
export const TEST_LIMITS: ShareLimits = {
  maxObjectBytes: 4096,
  quotaBytes: null,
  rate: { perMinute: 6000, burst: 1000 },
  uploadIdleMs: 300,
  uploadTotalMs: 2000,
  maxConcurrentUploads: 4,
};

/** Text in a file beside the app's directory: no response may ever contain it. */
export const OUTSIDE_MARKER = 'outside-the-app-directory';

/** A built app in a temporary directory: index.html, a hashed asset, a kernel, a dot file. */
export async function makeDist(): Promise<string> {
  const top = await mkdtemp(join(tmpdir(), 'pagescope-server-'));
  const dist = join(top, 'dist');
  await mkdir(join(dist, 'assets'), { recursive: true });
  await mkdir(join(dist, 'kernels'));
  await writeFile(join(dist, 'index.html'), '<!doctype html><title>pagescope</title>');
  await writeFile(join(dist, 'assets', 'index-abc123.js'), 'console.log(1)');
  await writeFile(join(dist, 'kernels', 'demo.elf'), Uint8Array.of(0x7f, 0x45, 0x4c, 0x46));
  await writeFile(join(dist, '.env'), OUTSIDE_MARKER);
  await writeFile(join(top, 'outside.txt'), OUTSIDE_MARKER);
  return dist;
}

export interface Running {
  server: Server;
  port: number;
  close(): Promise<void>;
}

export async function startServer(
  dist: string,
  options: {
    store?: BlobStore;
    limits?: Partial<ShareLimits>;
    storedBytes?: number;
    trustProxy?: boolean;
  } = {},
): Promise<Running> {
  const server = createShareServer({
    distDir: dist,
    store: options.store ?? new DiskBlobStore(await mkdtemp(join(tmpdir(), 'pagescope-blobs-'))),
    limits: { ...TEST_LIMITS, ...options.limits },
    api: { storedBytes: options.storedBytes ?? 0, trustProxy: options.trustProxy ?? false },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    server,
    port,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export interface Reply {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
  /** The body parsed as JSON (null when it is not JSON). */
  json: { error?: { code: string; message: string }; sha256?: string; size?: number } | null;
}

/**
 * One raw HTTP request, the path sent exactly as given (no URL normalisation). `send` writes
 * the body itself when the test needs to stall or abort; otherwise `body` is sent whole.
 */
export function rawRequest(
  port: number,
  method: string,
  path: string,
  options: {
    body?: Uint8Array | string;
    headers?: Record<string, string | number>;
    send?: (req: ClientRequest) => void;
  } = {},
): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, method, path, headers: options.headers });
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const body = Buffer.concat(chunks);
        let json = null;
        try {
          json = JSON.parse(body.toString('utf8'));
        } catch {
          // not JSON: static files
        }
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body, json });
      });
    });
    req.on('error', reject);
    if (options.send) options.send(req);
    else req.end(options.body);
  });
}
