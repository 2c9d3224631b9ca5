import { filesOf } from './session-files.ts';
import { sha256Hex } from './sha256.ts';
import { attempt, fail } from './share-errors.ts';
import type { ShareResult } from './share-errors.ts';
import type { SharedSession } from './shared-session.ts';

/**
 * The app's side of the share service (src/server): uploads the files a link does not carry
 * and fetches them back, checking each against its SHA-256 and size before it is used.
 */

/** Where the share API is: the origin the app is served from, or another service. */
export interface ShareService {
  baseUrl: string;
  fetch?: typeof fetch;
}

function blobUrl(service: ShareService, sha256: string): string {
  const base = service.baseUrl.endsWith('/') ? service.baseUrl : `${service.baseUrl}/`;
  try {
    return new URL(`api/blobs/${sha256}`, base).href;
  } catch {
    fail(
      'SHARE_SERVICE_UNAVAILABLE',
      `the share service address ${base.slice(0, 100)} is not a URL`,
    );
  }
}

/** What the service says in its JSON error body, or the status line. */
async function serviceMessage(response: Response): Promise<string> {
  try {
    const body = (await response.json()) as { error?: { message?: unknown } };
    if (typeof body.error?.message === 'string') return body.error.message.slice(0, 200);
  } catch {
    // not JSON: fall back to the status
  }
  return `HTTP ${response.status}`;
}

/** Stores each of `hashes` (bytes from `files`) in the service, under its SHA-256. */
export function uploadFiles(
  service: ShareService,
  files: ReadonlyMap<string, Uint8Array>,
  hashes: readonly string[],
): Promise<ShareResult<void>> {
  const send = service.fetch ?? fetch;
  return attempt(async () => {
    for (const hash of hashes) {
      const bytes = files.get(hash);
      if (!bytes) fail('SHARE_UPLOAD_REFUSED', `no bytes were given for ${hash}`);
      let response: Response;
      try {
        response = await send(blobUrl(service, hash), {
          method: 'PUT',
          body: bytes as Uint8Array<ArrayBuffer>,
          headers: { 'Content-Type': 'application/octet-stream' },
        });
      } catch (e) {
        fail('SHARE_SERVICE_UNAVAILABLE', (e as Error).message);
      }
      if (!response.ok) fail('SHARE_UPLOAD_REFUSED', await serviceMessage(response));
    }
  });
}

/**
 * The session's files that `have` lacks, fetched from the service, each checked against the
 * size and SHA-256 the session gives it. Returns `have` completed.
 */
export function fetchSessionFiles(
  service: ShareService,
  session: SharedSession,
  have: ReadonlyMap<string, Uint8Array>,
): Promise<ShareResult<Map<string, Uint8Array>>> {
  return attempt(async () => {
    const files = new Map(have);
    for (const [hash, ref] of filesOf(session)) {
      if (files.has(hash)) continue;
      const bytes = await fetchBlob(service, hash, ref.size, ref.name);
      if (bytes.length !== ref.size) {
        fail(
          'SHARE_HASH_MISMATCH',
          `${ref.name} is ${bytes.length} bytes, the session says ${ref.size}`,
        );
      }
      files.set(hash, bytes);
    }
    return files;
  });
}

/**
 * The bytes stored under `sha256`, read up to `maxBytes` and checked against the hash; fails
 * with a coded error naming `what` otherwise.
 */
export async function fetchBlob(
  service: ShareService,
  sha256: string,
  maxBytes: number,
  what: string,
): Promise<Uint8Array> {
  let response: Response;
  try {
    response = await (service.fetch ?? fetch)(blobUrl(service, sha256));
  } catch (e) {
    fail('SHARE_SERVICE_UNAVAILABLE', (e as Error).message);
  }
  if (response.status === 404) fail('SHARE_FILE_MISSING', `${what} (${sha256})`);
  if (!response.ok) fail('SHARE_SERVICE_UNAVAILABLE', await serviceMessage(response));
  const bytes = await readAtMost(response, maxBytes);
  if (bytes === null || (await sha256Hex(bytes)) !== sha256) {
    fail('SHARE_HASH_MISMATCH', `the service returned other bytes for ${what}`);
  }
  return bytes;
}

/** The response body, or null as soon as it passes `limit` bytes (it is then not read on). */
async function readAtMost(response: Response, limit: number): Promise<Uint8Array | null> {
  if (!response.body) return new Uint8Array(0);
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.length;
    if (total > limit) {
      await reader.cancel();
      return null;
    }
    chunks.push(value);
  }
  const out = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}
