import { describe, expect, it } from 'vitest';
import { readServerConfig } from './config.ts';

describe('readServerConfig', () => {
  it('defaults: port 5173 on loopback, dist/ and a disk store in .cache/share', () => {
    const result = readServerConfig({}, '/repo');
    expect(result).toEqual({
      ok: true,
      config: {
        host: '127.0.0.1',
        port: 5173,
        distDir: '/repo/dist',
        store: { kind: 'disk', dir: '/repo/.cache/share' },
        limits: {
          maxObjectBytes: 64 << 20,
          quotaBytes: null,
          rate: { perMinute: 60, burst: 30 },
          uploadIdleMs: 15_000,
          uploadTotalMs: 120_000,
          maxConcurrentUploads: 8,
        },
        trustProxy: false,
      },
    });
  });

  it('reads an S3 store, sizes with units and the rate', () => {
    const result = readServerConfig(
      {
        PORT: '8080',
        PAGESCOPE_SHARE_STORE: 's3',
        PAGESCOPE_S3_BUCKET_URL: 'http://127.0.0.1:9000/shares',
        PAGESCOPE_S3_REGION: 'eu-west-3',
        AWS_ACCESS_KEY_ID: 'AKID',
        AWS_SECRET_ACCESS_KEY: 'secret',
        PAGESCOPE_SHARE_MAX_BYTES: '8M',
        PAGESCOPE_SHARE_QUOTA: '2G',
        PAGESCOPE_SHARE_RATE: '120',
        PAGESCOPE_TRUST_PROXY: '1',
      },
      '/repo',
    );
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.config.port).toBe(8080);
    expect(result.config.store).toEqual({
      kind: 's3',
      s3: {
        bucketUrl: 'http://127.0.0.1:9000/shares/',
        region: 'eu-west-3',
        prefix: 'blobs/',
        credentials: { accessKeyId: 'AKID', secretAccessKey: 'secret', sessionToken: undefined },
      },
    });
    expect(result.config.limits.maxObjectBytes).toBe(8 << 20);
    expect(result.config.limits.quotaBytes).toBe(2 * 2 ** 30);
    expect(result.config.limits.rate.perMinute).toBe(120);
    expect(result.config.trustProxy).toBe(true);
  });

  it('reports every problem at once', () => {
    const result = readServerConfig(
      {
        PORT: 'http',
        PAGESCOPE_SHARE_STORE: 's3',
        PAGESCOPE_SHARE_QUOTA: 'lots',
        PAGESCOPE_SHARE_BURST: '0',
        PAGESCOPE_TRUST_PROXY: 'yes',
      },
      '/repo',
    );
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems).toEqual([
      'PAGESCOPE_S3_BUCKET_URL is required when PAGESCOPE_SHARE_STORE=s3',
      'AWS_ACCESS_KEY_ID is required when PAGESCOPE_SHARE_STORE=s3',
      'AWS_SECRET_ACCESS_KEY is required when PAGESCOPE_SHARE_STORE=s3',
      'PORT=http must be a whole number from 0 to 65535',
      "PAGESCOPE_SHARE_QUOTA: 'lots' is not a size like 256M or 1G",
      'PAGESCOPE_SHARE_BURST=0 must be a whole number from 1 to 1000000',
      'PAGESCOPE_TRUST_PROXY=yes must be 0 or 1',
    ]);
  });

  it('refuses an unknown store kind', () => {
    const result = readServerConfig({ PAGESCOPE_SHARE_STORE: 'ftp' }, '/repo');
    expect(result).toEqual({
      ok: false,
      problems: ['PAGESCOPE_SHARE_STORE=ftp must be disk or s3'],
    });
  });
});
