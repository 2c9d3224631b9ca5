import { createServer } from 'node:http';
import type { Server } from 'node:http';
import { BlobApi, replyFailure } from './blob-api.ts';
import type { BlobApiOptions, ShareLimits } from './blob-api.ts';
import type { BlobStore } from './blob-store.ts';
import { ISOLATION_HEADERS, replyError } from './http-replies.ts';
import { serveStatic } from './static-files.ts';

export interface ShareServerOptions {
  /** The built app (vite build's dist/). */
  distDir: string;
  store: BlobStore;
  limits: ShareLimits;
  api: BlobApiOptions;
}

/** Longest a client may take to send its request headers. */
const HEADERS_TIMEOUT_MS = 15_000;

/**
 * The pagescope server: the built app, cross-origin isolated, and the share API under /api/.
 * Every response carries the isolation headers; nothing stored is ever served as anything
 * but an attachment.
 */
export function createShareServer(options: ShareServerOptions): Server {
  const api = new BlobApi(options.store, options.limits, options.api);
  const server = createServer((req, res) => {
    for (const [name, value] of Object.entries(ISOLATION_HEADERS)) res.setHeader(name, value);
    const url = req.url ?? '/';
    if (!url.startsWith('/'))
      return replyError(res, 400, 'BAD_PATH', 'The request target must be a path.');
    const rawPath = url.split('?')[0];
    const handled =
      rawPath === '/api' || rawPath.startsWith('/api/')
        ? api.handle(req, res, rawPath)
        : serveStatic(req, res, options.distDir, rawPath);
    handled.catch((e: unknown) => {
      console.error('pagescope server:', e);
      replyFailure(res, e);
    });
  });
  server.headersTimeout = HEADERS_TIMEOUT_MS;
  // The upload deadline is the API's own; this only catches requests nothing else stops.
  server.requestTimeout = options.limits.uploadTotalMs + HEADERS_TIMEOUT_MS;
  return server;
}
