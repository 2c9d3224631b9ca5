import { decodeBase64url } from './base64url.ts';
import { MAX_STORED_FRAME_BYTES, unpackFrame } from './frame.ts';
import { readSessionV1, readSessionV2, writeSessionJson } from './session-json.ts';
import type { SessionRecordJson, SharedSessionV1 } from './session-json.ts';
import { SHA256_HEX, sha256Hex } from './sha256.ts';
import { fetchBlob } from './share-client.ts';
import type { ShareService } from './share-client.ts';
import { fail } from './share-errors.ts';
import { filesOf } from './session-files.ts';
import type { SharedSession } from './shared-session.ts';
import { SHARE_LIMITS } from './shared-session.ts';

/**
 * The body of a link in share formats 1 and 2: base64url of a frame (frame.ts), or `@` and
 * the SHA-256 of a frame kept in the share service when the session is too large for a link.
 * The frame's payload is
 *
 *   u32 LE  length of the session record
 *   UTF-8   the session record as JSON (session-json.ts; the formats differ only there)
 *   bytes   the files the record lists in `inline`, one after the other, each as long as the
 *           size the session gives it
 */

/** Marks a body naming a stored frame rather than carrying one (not a base64url character). */
export const STORED_MARK = '@';

/** What reading a link may need beyond the link: the share service, for stored sessions. */
export interface ShareLinkContext {
  service?: ShareService;
}

/** A link's contents: the session and the files that travelled inside it, by SHA-256. */
export interface DecodedShare<S = SharedSession> {
  session: S;
  files: Map<string, Uint8Array>;
}

/** The latest format's payload of a session with these files inline (packFrame frames it). */
export function sessionPayload(
  session: SharedSession,
  inline: ReadonlyMap<string, Uint8Array>,
): Uint8Array {
  const record = new TextEncoder().encode(
    JSON.stringify(writeSessionJson(session, [...inline.keys()])),
  );
  let size = 4 + record.length;
  for (const bytes of inline.values()) size += bytes.length;
  const payload = new Uint8Array(size);
  new DataView(payload.buffer).setUint32(0, record.length, true);
  payload.set(record, 4);
  let at = 4 + record.length;
  for (const bytes of inline.values()) {
    payload.set(bytes, at);
    at += bytes.length;
  }
  return payload;
}

/** A format's reader of the session record's JSON. */
type RecordReader<S> = (json: unknown) => SessionRecordJson<S>;

export function readV1(
  body: string,
  context: ShareLinkContext,
): Promise<DecodedShare<SharedSessionV1>> {
  return readBody(body, context, readSessionV1);
}

export function readV2(body: string, context: ShareLinkContext): Promise<DecodedShare> {
  return readBody(body, context, readSessionV2);
}

/** A format 1 link's contents as format 2 has them: no slave disk. */
export function upgradeV1(d: DecodedShare<SharedSessionV1>): DecodedShare {
  return { ...d, session: { ...d.session, machine: { ...d.session.machine, diskSlave: null } } };
}

async function readBody<S extends SharedSessionV1>(
  body: string,
  context: ShareLinkContext,
  readRecord: RecordReader<S>,
): Promise<DecodedShare<S>> {
  let payload: Uint8Array;
  if (body.startsWith(STORED_MARK)) {
    payload = await readStored(body.slice(STORED_MARK.length), context);
  } else {
    const frame = decodeBase64url(body);
    if (!frame.ok) fail('SHARE_BAD_BASE64', frame.reason);
    payload = await unpackFrame(frame.bytes);
  }
  return openPayload(payload, readRecord);
}

async function readStored(sha256: string, context: ShareLinkContext): Promise<Uint8Array> {
  if (!SHA256_HEX.test(sha256)) {
    fail('SHARE_MALFORMED', 'a stored session is named by 64 lower-case hex digits');
  }
  if (!context.service) fail('SHARE_NEEDS_SERVICE');
  const frame = await fetchBlob(context.service, sha256, MAX_STORED_FRAME_BYTES, 'the session');
  return unpackFrame(frame, SHARE_LIMITS.storedFrameBytes);
}

async function openPayload<S extends SharedSessionV1>(
  payload: Uint8Array,
  readRecord: RecordReader<S>,
): Promise<DecodedShare<S>> {
  if (payload.length < 4) fail('SHARE_MALFORMED', 'the payload has no session record');
  const recordLength = new DataView(payload.buffer, payload.byteOffset).getUint32(0, true);
  if (recordLength > payload.length - 4) {
    fail('SHARE_MALFORMED', 'the session record runs past the end of the payload');
  }
  const { session, inline } = readRecord(parseJson(payload.subarray(4, 4 + recordLength)));
  const files = await readInlineFiles(session, inline, payload.subarray(4 + recordLength));
  return { session, files };
}

function parseJson(bytes: Uint8Array): unknown {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    fail('SHARE_BAD_JSON', 'it is not UTF-8 text');
  }
  try {
    return JSON.parse(text);
  } catch (e) {
    fail('SHARE_BAD_JSON', (e as Error).message);
  }
}

async function readInlineFiles(
  session: SharedSessionV1,
  inline: string[],
  data: Uint8Array,
): Promise<Map<string, Uint8Array>> {
  const refs = filesOf(session);
  const files = new Map<string, Uint8Array>();
  let at = 0;
  for (const [i, hash] of inline.entries()) {
    const ref = refs.get(hash);
    if (!ref) fail('SHARE_BAD_FIELD', `inline[${i}] names a file the session does not use`);
    if (files.has(hash)) fail('SHARE_BAD_FIELD', `inline[${i}] repeats a file`);
    if (ref.size > data.length - at) {
      fail('SHARE_MALFORMED', `the bytes of ${ref.name} run past the end of the payload`);
    }
    const bytes = data.slice(at, at + ref.size);
    at += ref.size;
    const actual = await sha256Hex(bytes);
    if (actual !== hash) {
      fail('SHARE_HASH_MISMATCH', `${ref.name} hashes to ${actual}, the session says ${hash}`);
    }
    files.set(hash, bytes);
  }
  if (at !== data.length) fail('SHARE_MALFORMED', `${data.length - at} bytes follow the last file`);
  return files;
}
