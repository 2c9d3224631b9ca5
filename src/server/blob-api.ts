import type { IncomingMessage, ServerResponse } from 'node:http';
import { pipeline } from 'node:stream/promises';
import { isSha256Hex } from '../share/sha256.ts';
import type { BlobStore } from './blob-store.ts';
import { StoreError } from './blob-store.ts';
import { replyError, replyJson, replyMethodNotAllowed } from './http-replies.ts';
import type { ErrorCode } from './http-replies.ts';
import { readBody } from './read-body.ts';
import { RateLimiter } from './token-bucket.ts';
import type { RateLimit } from './token-bucket.ts';

export interface ShareLimits {
  /** Largest file one request may store. */
  maxObjectBytes: number;
  /** Total bytes the store may hold, or null for no limit. */
  quotaBytes: number | null;
  /** API requests per client address. */
  rate: RateLimit;
  /** Longest silence within an upload. */
  uploadIdleMs: number;
  /** Longest whole upload. */
  uploadTotalMs: number;
  /** Uploads read at once: each holds up to maxObjectBytes in memory until it is stored. */
  maxConcurrentUploads: number;
}

export interface BlobApiOptions {
  /** Bytes the store already holds, counted against the quota. */
  storedBytes: number;
  /**
   * Behind a reverse proxy every request comes from the proxy: take the client address from
   * the last X-Forwarded-For entry, the one the proxy added, instead.
   */
  trustProxy: boolean;
  now?: () => number;
}

/** Header with which a POST declares the SHA-256 of its body (PUT declares it in the path). */
export const DECLARED_HASH_HEADER = 'x-content-sha256';

const BLOBS = '/api/blobs';

/**
 * The share API: files stored and fetched by SHA-256.
 *
 *   POST /api/blobs          store the body under its SHA-256 (checked against
 *                            X-Content-SHA256 when the client sends one)
 *   PUT  /api/blobs/<sha256> store the body, which must hash to <sha256>
 *   GET  /api/blobs/<sha256> the bytes, as an attachment that no browser renders
 *   HEAD /api/blobs/<sha256> whether it is there, and its size
 *
 * Answers are JSON, errors `{ "error": { "code", "message" } }`.
 */
export class BlobApi {
  private readonly limiter: RateLimiter;
  private stored: number;
  /** Bytes of uploads between their quota check and the end of their write. */
  private reserved = 0;
  /** Uploads being read now. */
  private uploading = 0;

  constructor(
    private readonly store: BlobStore,
    private readonly limits: ShareLimits,
    private readonly options: BlobApiOptions,
  ) {
    this.limiter = new RateLimiter(limits.rate, options.now);
    this.stored = options.storedBytes;
  }

  private clientOf(req: IncomingMessage): string {
    const forwarded = req.headers['x-forwarded-for'];
    if (this.options.trustProxy && typeof forwarded === 'string') {
      const last = forwarded.split(',').at(-1)?.trim();
      if (last) return last;
    }
    return req.socket.remoteAddress ?? 'unknown';
  }

  async handle(req: IncomingMessage, res: ServerResponse, rawPath: string): Promise<void> {
    const wait = this.limiter.take(this.clientOf(req));
    if (wait > 0) {
      const seconds = Math.ceil(wait / 1000);
      return refuse(
        req,
        res,
        429,
        'RATE_LIMITED',
        `Too many requests; try again in ${seconds} s.`,
        {
          'Retry-After': String(seconds),
        },
      );
    }
    const method = req.method ?? '';
    if (rawPath === BLOBS || rawPath === `${BLOBS}/`) {
      if (method !== 'POST') return replyMethodNotAllowed(res, method, 'POST');
      const declared = req.headers[DECLARED_HASH_HEADER];
      if (declared !== undefined && (typeof declared !== 'string' || !isSha256Hex(declared))) {
        return refuse(
          req,
          res,
          400,
          'BAD_DECLARED_HASH',
          `${DECLARED_HASH_HEADER} must be 64 lower-case hex digits.`,
        );
      }
      return this.upload(req, res, declared ?? null);
    }
    if (!rawPath.startsWith(`${BLOBS}/`)) {
      return replyError(res, 404, 'NOT_FOUND', 'No such API; the share API is /api/blobs.');
    }
    const name = rawPath.slice(BLOBS.length + 1);
    if (!isSha256Hex(name)) {
      return refuse(
        req,
        res,
        400,
        'BAD_NAME',
        'Files are named by their SHA-256: 64 lower-case hex digits.',
      );
    }
    if (method === 'GET' || method === 'HEAD') return this.download(req, res, name);
    if (method === 'PUT') return this.upload(req, res, name);
    return replyMethodNotAllowed(res, method, 'GET, HEAD, PUT');
  }

  private async upload(req: IncomingMessage, res: ServerResponse, declared: string | null) {
    if (this.uploading >= this.limits.maxConcurrentUploads) {
      return refuse(
        req,
        res,
        503,
        'BUSY',
        'Too many uploads at once; try again in a few seconds.',
        {
          'Retry-After': '5',
        },
      );
    }
    this.uploading++;
    try {
      await this.receive(req, res, declared);
    } finally {
      this.uploading--;
    }
  }

  private async receive(req: IncomingMessage, res: ServerResponse, declared: string | null) {
    const { maxObjectBytes } = this.limits;
    // A size announced past the quota is refused unread, unless the file is already stored.
    const announced = Number(req.headers['content-length']);
    if (declared !== null && announced > 0 && !this.fits(announced)) {
      if ((await this.store.size(declared)) === null) return this.quotaFull(req, res);
    }
    const body = await readBody(req, {
      maxBytes: maxObjectBytes,
      idleMs: this.limits.uploadIdleMs,
      totalMs: this.limits.uploadTotalMs,
    });
    if (body.kind === 'aborted') return void res.destroy();
    if (body.kind === 'too-large') {
      return refuse(
        req,
        res,
        413,
        'TOO_LARGE',
        `A shared file may be at most ${maxObjectBytes} bytes.`,
      );
    }
    if (body.kind === 'timeout') {
      return refuse(
        req,
        res,
        408,
        'UPLOAD_TIMEOUT',
        `The upload stalled or was too slow: ${body.received} bytes arrived.`,
      );
    }
    if (declared !== null && body.sha256 !== declared) {
      return replyError(
        res,
        422,
        'HASH_MISMATCH',
        `The body hashes to ${body.sha256}, not ${declared}.`,
      );
    }
    const size = body.bytes.length;
    const answer = { sha256: body.sha256, size };
    const location = { Location: `${BLOBS}/${body.sha256}` };
    if ((await this.store.size(body.sha256)) !== null) return replyJson(res, 200, answer, location);
    if (!this.fits(size)) return this.quotaFull(req, res);
    this.reserved += size;
    try {
      await this.store.put(body.sha256, body.bytes);
      this.stored += size;
    } finally {
      this.reserved -= size;
    }
    replyJson(res, 201, answer, location);
  }

  private fits(size: number): boolean {
    const { quotaBytes } = this.limits;
    return quotaBytes === null || this.stored + this.reserved + size <= quotaBytes;
  }

  private quotaFull(req: IncomingMessage, res: ServerResponse): void {
    refuse(
      req,
      res,
      507,
      'QUOTA_EXCEEDED',
      'The share service is full; nothing more can be stored.',
    );
  }

  private async download(req: IncomingMessage, res: ServerResponse, name: string) {
    const headers = {
      'Content-Type': 'application/octet-stream',
      'Content-Disposition': `attachment; filename="${name}.bin"`,
      'Content-Security-Policy': "default-src 'none'; sandbox",
      // Content-addressed: what is under a name never changes.
      'Cache-Control': 'public, max-age=31536000, immutable',
    };
    if (req.method === 'HEAD') {
      const size = await this.store.size(name);
      if (size === null)
        return replyError(res, 404, 'NOT_FOUND', 'Nothing is stored under this SHA-256.');
      res.writeHead(200, { ...headers, 'Content-Length': size });
      return void res.end();
    }
    const blob = await this.store.open(name);
    if (blob === null) {
      return replyError(res, 404, 'NOT_FOUND', 'Nothing is stored under this SHA-256.');
    }
    res.writeHead(200, { ...headers, 'Content-Length': blob.size });
    // A store failing mid-way leaves a short body: the client sees a broken download.
    pipeline(blob.stream, res).catch(() => res.destroy());
  }
}

/**
 * Answers a refused request and closes the connection: the rest of its body, if any, is not
 * read. The request is discarded meanwhile so the answer can be written.
 */
function refuse(
  req: IncomingMessage,
  res: ServerResponse,
  status: number,
  code: ErrorCode,
  message: string,
  headers: Record<string, string> = {},
): void {
  replyError(res, status, code, message, { ...headers, Connection: 'close' });
  req.resume();
}

/** How a failure inside the API is answered: the store's as 502, any other as 500. */
export function replyFailure(res: ServerResponse, e: unknown): void {
  if (e instanceof StoreError) {
    replyError(
      res,
      502,
      'STORE_UNAVAILABLE',
      'The share storage is not available; try again later.',
    );
  } else {
    replyError(res, 500, 'INTERNAL', 'The share service failed; this is a bug in pagescope.');
  }
}
