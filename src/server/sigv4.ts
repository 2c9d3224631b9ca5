import { createHash, createHmac } from 'node:crypto';

/**
 * AWS Signature Version 4 for a request whose whole payload is known (single-chunk), as
 * S3-compatible stores accept it: the canonical request, the string to sign, the derived
 * signing key and the Authorization header. Checked against AWS's published examples.
 */
export interface Credentials {
  accessKeyId: string;
  secretAccessKey: string;
  /** Temporary credentials carry a session token, sent as X-Amz-Security-Token. */
  sessionToken?: string;
}

export interface SigningScope {
  region: string;
  service: string;
}

export interface RequestToSign {
  method: string;
  url: URL;
  /** Headers to send and sign (names in any case); `host` is added from the URL. */
  headers: Record<string, string>;
  /** Hex SHA-256 of the payload, or UNSIGNED-PAYLOAD. */
  payloadHash: string;
}

export const EMPTY_PAYLOAD_HASH = sha256Hex('');

export function sha256Hex(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

/** `20130524T000000Z` for an instant. */
export function amzDate(at: Date): string {
  return at
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
}

/**
 * RFC 3986 encoding as SigV4 wants it: everything but A-Z a-z 0-9 - _ . ~ escaped, in
 * upper-case hex; `/` kept in paths.
 */
export function uriEncode(text: string, keepSlash: boolean): string {
  let out = '';
  for (const byte of new TextEncoder().encode(text)) {
    const c = String.fromCharCode(byte);
    if (/[A-Za-z0-9\-_.~]/.test(c) || (keepSlash && c === '/')) out += c;
    else out += `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

function canonicalQuery(url: URL): string {
  const pairs = [...url.searchParams].map(([k, v]) => [uriEncode(k, false), uriEncode(v, false)]);
  pairs.sort(([ak, av], [bk, bv]) => (ak === bk ? compare(av, bv) : compare(ak, bk)));
  return pairs.map(([k, v]) => `${k}=${v}`).join('&');
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export interface Signature {
  canonicalRequest: string;
  stringToSign: string;
  signature: string;
  authorization: string;
  /** Every header to send, `authorization` included (`host` too: fetch sets it the same). */
  headers: Record<string, string>;
}

/** Signs a request at instant `at`; the caller must have put `x-amz-date` among its headers. */
export function signRequest(
  request: RequestToSign,
  credentials: Credentials,
  scope: SigningScope,
  at: Date,
): Signature {
  const stamp = amzDate(at);
  const day = stamp.slice(0, 8);
  const headers: Record<string, string> = { host: request.url.host };
  for (const [name, value] of Object.entries(request.headers)) {
    headers[name.toLowerCase()] = value.trim().replace(/\s+/g, ' ');
  }
  if (credentials.sessionToken) headers['x-amz-security-token'] = credentials.sessionToken;
  const names = Object.keys(headers).sort();
  const signedHeaders = names.join(';');
  // The path arrives already percent-encoded by URL; decode it so each byte is encoded once.
  const path = uriEncode(decodeURIComponent(request.url.pathname), true);
  const canonicalRequest = [
    request.method,
    path,
    canonicalQuery(request.url),
    names.map((n) => `${n}:${headers[n]}\n`).join(''),
    signedHeaders,
    request.payloadHash,
  ].join('\n');
  const credentialScope = `${day}/${scope.region}/${scope.service}/aws4_request`;
  const stringToSign = [
    'AWS4-HMAC-SHA256',
    stamp,
    credentialScope,
    sha256Hex(canonicalRequest),
  ].join('\n');
  let key: Buffer = hmac(`AWS4${credentials.secretAccessKey}`, day);
  for (const part of [scope.region, scope.service, 'aws4_request']) key = hmac(key, part);
  const signature = createHmac('sha256', key).update(stringToSign).digest('hex');
  const authorization =
    `AWS4-HMAC-SHA256 Credential=${credentials.accessKeyId}/${credentialScope}, ` +
    `SignedHeaders=${signedHeaders}, Signature=${signature}`;
  return {
    canonicalRequest,
    stringToSign,
    signature,
    authorization,
    headers: { ...headers, authorization },
  };
}

function hmac(key: string | Buffer, data: string): Buffer {
  return createHmac('sha256', key).update(data).digest();
}
