import { Readable } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { checkBlobName, StoreError } from './blob-store.ts';
import type { BlobStore, StoredBlob } from './blob-store.ts';
import { amzDate, EMPTY_PAYLOAD_HASH, sha256Hex, signRequest } from './sigv4.ts';
import type { Credentials } from './sigv4.ts';

export interface S3StoreConfig {
  /**
   * The bucket's URL, ending in `/`: virtual-hosted (`https://b.s3.eu-west-1.amazonaws.com/`)
   * or path-style (`http://127.0.0.1:9000/b/`), whichever the store speaks.
   */
  bucketUrl: string;
  region: string;
  /** Prepended to every object key (`blobs/`). */
  prefix: string;
  credentials: Credentials;
}

/** Objects in an S3-compatible bucket, one per file, keyed by prefix + SHA-256. */
export class S3BlobStore implements BlobStore {
  constructor(
    private readonly config: S3StoreConfig,
    private readonly now: () => Date = () => new Date(),
  ) {}

  private urlOf(sha256: string): URL {
    checkBlobName(sha256);
    return new URL(`${this.config.prefix}${sha256}`, this.config.bucketUrl);
  }

  async open(sha256: string): Promise<StoredBlob | null> {
    const response = await this.send('GET', this.urlOf(sha256));
    if (response.status === 404) return null;
    await expectOk(response, 'GET');
    const size = Number(response.headers.get('content-length'));
    if (!response.body || !Number.isSafeInteger(size)) {
      throw new StoreError('S3 GET answered without a body length');
    }
    return { size, stream: Readable.fromWeb(response.body as WebReadableStream) };
  }

  async size(sha256: string): Promise<number | null> {
    const response = await this.send('HEAD', this.urlOf(sha256));
    if (response.status === 404) return null;
    await expectOk(response, 'HEAD');
    return Number(response.headers.get('content-length') ?? 0);
  }

  async put(sha256: string, bytes: Uint8Array): Promise<void> {
    const response = await this.send('PUT', this.urlOf(sha256), bytes);
    await expectOk(response, 'PUT');
  }

  /** Sums the sizes ListObjectsV2 reports under the prefix, page by page. */
  async totalBytes(): Promise<number> {
    let total = 0;
    let token: string | null = null;
    do {
      const url = new URL(this.config.bucketUrl);
      url.searchParams.set('list-type', '2');
      url.searchParams.set('prefix', this.config.prefix);
      if (token) url.searchParams.set('continuation-token', token);
      const response = await this.send('GET', url);
      await expectOk(response, 'list');
      const xml = await response.text();
      for (const m of xml.matchAll(/<Size>(\d+)<\/Size>/g)) total += Number(m[1]);
      const truncated = /<IsTruncated>true<\/IsTruncated>/.test(xml);
      token = truncated
        ? unescapeXml(/<NextContinuationToken>([^<]*)</.exec(xml)?.[1] ?? '')
        : null;
      if (truncated && !token)
        throw new StoreError('S3 list is truncated but gives no continuation');
    } while (token);
    return total;
  }

  private async send(method: string, url: URL, body?: Uint8Array): Promise<Response> {
    const at = this.now();
    const payloadHash = body ? sha256Hex(body) : EMPTY_PAYLOAD_HASH;
    const headers: Record<string, string> = {
      'x-amz-content-sha256': payloadHash,
      'x-amz-date': amzDate(at),
    };
    if (body) headers['content-type'] = 'application/octet-stream';
    const signed = signRequest(
      { method, url, headers, payloadHash },
      this.config.credentials,
      { region: this.config.region, service: 's3' },
      at,
    );
    // fetch sets Host itself, from the same URL.
    const sent = { ...signed.headers };
    delete sent.host;
    try {
      return await fetch(url, { method, headers: sent, body: body as BodyInit | undefined });
    } catch (e) {
      throw new StoreError(`S3 ${method} ${url.host} failed: ${(e as Error).message}`);
    }
  }
}

async function expectOk(response: Response, what: string): Promise<void> {
  if (response.ok) return;
  const text = await response.text().catch(() => '');
  const code = /<Code>([^<]{1,100})<\/Code>/.exec(text)?.[1] ?? 'no error code';
  throw new StoreError(`S3 ${what} answered ${response.status} (${code})`);
}

function unescapeXml(text: string): string {
  return text
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');
}
