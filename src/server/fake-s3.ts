import { createServer } from 'node:http';
import type { IncomingMessage, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { sha256Hex, signRequest } from './sigv4.ts';

/**
 * A tiny S3 for tests: one path-style bucket in memory, GET/HEAD/PUT of objects and
 * ListObjectsV2 two keys a page. Every request's SigV4 signature is recomputed from what
 * arrived and refused with 403 when it differs, as S3 does.
 */
export interface FakeS3 {
  server: Server;
  bucketUrl: string;
  objects: Map<string, Buffer>;
  /** Requests seen, as `METHOD path?query`. */
  log: string[];
  close(): Promise<void>;
}

export async function startFakeS3(bucket: string, keys: Record<string, string>): Promise<FakeS3> {
  const objects = new Map<string, Buffer>();
  const log: string[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const url = new URL(req.url ?? '/', `http://${req.headers.host}`);
      log.push(`${req.method} ${url.pathname}${url.search}`);
      const refusal = checkSignature(req, url, body, keys);
      if (refusal) return reply(res, 403, `<Error><Code>${refusal}</Code></Error>`);
      const prefix = `/${bucket}/`;
      if (url.pathname === prefix && url.searchParams.get('list-type') === '2') {
        return reply(res, 200, listPage(objects, url.searchParams));
      }
      if (!url.pathname.startsWith(prefix))
        return reply(res, 404, '<Error><Code>NoSuchBucket</Code></Error>');
      const key = decodeURIComponent(url.pathname.slice(prefix.length));
      if (req.method === 'PUT') {
        objects.set(key, body);
        return reply(res, 200, '');
      }
      const object = objects.get(key);
      if (!object) return reply(res, 404, '<Error><Code>NoSuchKey</Code></Error>');
      res.writeHead(200, { 'content-length': object.length });
      res.end(req.method === 'HEAD' ? undefined : object);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    server,
    bucketUrl: `http://127.0.0.1:${port}/${bucket}/`,
    objects,
    log,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

function reply(res: import('node:http').ServerResponse, status: number, xml: string): void {
  res.writeHead(status, { 'content-type': 'application/xml' });
  res.end(xml);
}

const AUTH =
  /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/s3\/aws4_request, SignedHeaders=([a-z0-9;-]+), Signature=([0-9a-f]{64})$/;

/** The S3 error code for a request whose signature does not hold, or null. */
function checkSignature(
  req: IncomingMessage,
  url: URL,
  body: Buffer,
  keys: Record<string, string>,
): string | null {
  const m = AUTH.exec(String(req.headers.authorization ?? ''));
  if (!m) return 'AccessDenied';
  const [, accessKeyId, , region, signedHeaders, signature] = m;
  const secretAccessKey = keys[accessKeyId];
  if (!secretAccessKey) return 'InvalidAccessKeyId';
  const payloadHash = String(req.headers['x-amz-content-sha256']);
  if (payloadHash !== sha256Hex(body)) return 'XAmzContentSHA256Mismatch';
  const headers: Record<string, string> = {};
  for (const name of signedHeaders.split(';')) {
    if (name !== 'host') headers[name] = String(req.headers[name] ?? '');
  }
  const stamp = String(req.headers['x-amz-date']);
  const at = new Date(
    stamp.replace(/^(\d{4})(\d\d)(\d\d)T(\d\d)(\d\d)(\d\d)Z$/, '$1-$2-$3T$4:$5:$6Z'),
  );
  const expected = signRequest(
    { method: req.method ?? 'GET', url, headers, payloadHash },
    { accessKeyId, secretAccessKey },
    { region, service: 's3' },
    at,
  );
  return expected.signature === signature ? null : 'SignatureDoesNotMatch';
}

function listPage(objects: Map<string, Buffer>, query: URLSearchParams): string {
  const prefix = query.get('prefix') ?? '';
  const keys = [...objects.keys()].filter((k) => k.startsWith(prefix)).sort();
  const start = Number(query.get('continuation-token') ?? 0);
  const page = keys.slice(start, start + 2);
  const more = start + 2 < keys.length;
  const contents = page
    .map((k) => `<Contents><Key>${k}</Key><Size>${objects.get(k)?.length}</Size></Contents>`)
    .join('');
  return (
    `<ListBucketResult><IsTruncated>${more}</IsTruncated>${contents}` +
    (more ? `<NextContinuationToken>${start + 2}</NextContinuationToken>` : '') +
    '</ListBucketResult>'
  );
}
