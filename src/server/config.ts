import { join, resolve } from 'node:path';
import { parseSize } from '../cli/parse-size.ts';
import type { ShareLimits } from './blob-api.ts';
import type { S3StoreConfig } from './s3-store.ts';

export type StoreConfig = { kind: 'disk'; dir: string } | { kind: 's3'; s3: S3StoreConfig };

export interface ServerConfig {
  host: string;
  port: number;
  distDir: string;
  store: StoreConfig;
  limits: ShareLimits;
  /** Take client addresses from X-Forwarded-For (set when a reverse proxy is in front). */
  trustProxy: boolean;
}

export type ConfigResult = { ok: true; config: ServerConfig } | { ok: false; problems: string[] };

/** Upload timeouts: generous for a slow link, short enough that stalled uploads free memory. */
const UPLOAD_IDLE_MS = 15_000;
const UPLOAD_TOTAL_MS = 120_000;

/**
 * The server's configuration from environment variables (README.md lists them), with every
 * problem reported at once rather than the first one.
 */
export function readServerConfig(env: NodeJS.ProcessEnv, repoRoot: string): ConfigResult {
  const problems: string[] = [];
  const text = (name: string, fallback: string) => env[name]?.trim() || fallback;

  const integer = (name: string, fallback: number, min: number, max: number): number => {
    const raw = text(name, String(fallback));
    const n = Number(raw);
    if (!/^\d+$/.test(raw) || n < min || n > max) {
      problems.push(`${name}=${raw} must be a whole number from ${min} to ${max}`);
      return fallback;
    }
    return n;
  };
  const size = (name: string, fallback: string | null): number | null => {
    const raw = env[name]?.trim() || fallback;
    if (raw === null) return null;
    try {
      return parseSize(raw, name);
    } catch (e) {
      problems.push((e as Error).message);
      return null;
    }
  };

  const flag = (name: string): boolean => {
    const raw = text(name, '0');
    if (raw !== '0' && raw !== '1') problems.push(`${name}=${raw} must be 0 or 1`);
    return raw === '1';
  };

  const storeKind = text('PAGESCOPE_SHARE_STORE', 'disk');
  let store: StoreConfig = {
    kind: 'disk',
    dir: resolve(repoRoot, text('PAGESCOPE_SHARE_DIR', join('.cache', 'share'))),
  };
  if (storeKind === 's3') {
    const missing = [
      'PAGESCOPE_S3_BUCKET_URL',
      'AWS_ACCESS_KEY_ID',
      'AWS_SECRET_ACCESS_KEY',
    ].filter((name) => !env[name]?.trim());
    for (const name of missing) problems.push(`${name} is required when PAGESCOPE_SHARE_STORE=s3`);
    const bucketUrl = text('PAGESCOPE_S3_BUCKET_URL', '');
    if (bucketUrl && !/^https?:\/\/[^/]+/.test(bucketUrl)) {
      problems.push(`PAGESCOPE_S3_BUCKET_URL=${bucketUrl} must be an http:// or https:// URL`);
    }
    store = {
      kind: 's3',
      s3: {
        bucketUrl: bucketUrl.endsWith('/') ? bucketUrl : `${bucketUrl}/`,
        region: text('PAGESCOPE_S3_REGION', 'us-east-1'),
        prefix: text('PAGESCOPE_S3_PREFIX', 'blobs/'),
        credentials: {
          accessKeyId: text('AWS_ACCESS_KEY_ID', ''),
          secretAccessKey: text('AWS_SECRET_ACCESS_KEY', ''),
          sessionToken: env.AWS_SESSION_TOKEN?.trim() || undefined,
        },
      },
    };
  } else if (storeKind !== 'disk') {
    problems.push(`PAGESCOPE_SHARE_STORE=${storeKind} must be disk or s3`);
  }

  const config: ServerConfig = {
    host: text('HOST', '127.0.0.1'),
    port: integer('PORT', 5173, 0, 65535),
    distDir: resolve(repoRoot, text('PAGESCOPE_DIST_DIR', 'dist')),
    store,
    limits: {
      maxObjectBytes: size('PAGESCOPE_SHARE_MAX_BYTES', '64M') ?? 0,
      quotaBytes: size('PAGESCOPE_SHARE_QUOTA', null),
      rate: {
        perMinute: integer('PAGESCOPE_SHARE_RATE', 60, 1, 1_000_000),
        burst: integer('PAGESCOPE_SHARE_BURST', 30, 1, 1_000_000),
      },
      uploadIdleMs: UPLOAD_IDLE_MS,
      uploadTotalMs: UPLOAD_TOTAL_MS,
      maxConcurrentUploads: integer('PAGESCOPE_SHARE_UPLOADS', 8, 1, 1000),
    },
    trustProxy: flag('PAGESCOPE_TRUST_PROXY'),
  };
  return problems.length > 0 ? { ok: false, problems } : { ok: true, config };
}
