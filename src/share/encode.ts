import { encodeBase64url } from './base64url.ts';
import { sessionPayload, STORED_MARK } from './link-body.ts';
import { filesOf } from './session-files.ts';
import { MAX_FRAME_BYTES, MAX_STORED_FRAME_BYTES, packFrame } from './frame.ts';
import { FRAGMENT_PREFIX, SHARE_FORMATS } from './formats.ts';
import { readSessionV2, writeSessionJson } from './session-json.ts';
import { sha256Hex } from './sha256.ts';
import { attempt, fail } from './share-errors.ts';
import type { ShareResult } from './share-errors.ts';
import type { SharedSession } from './shared-session.ts';
import { SHARE_LIMITS } from './shared-session.ts';

export interface EncodedShare {
  /** The fragment, without `#`: `ps2.` (the latest format) and the body. */
  fragment: string;
  /** SHA-256s of the files that travel inside the link. */
  inline: string[];
  /** SHA-256s of what must be stored in the share service for the link to open. */
  upload: string[];
  /**
   * Bytes the encoder made that are among `upload`: the session itself when it is too large
   * for a link (the link then names it: `ps2.@<sha256>`). Empty otherwise.
   */
  made: Map<string, Uint8Array>;
}

/**
 * Makes the link fragment for a session. `files` holds the bytes of whichever of the
 * session's files the caller has, by SHA-256; the smallest go inside the link as long as the
 * compressed frame stays within SHARE_LIMITS.inlineFrameBytes, the rest are named for upload.
 * A session too large for a link even without files is itself stored in the share service.
 * A session the decoder would refuse is refused here, so every link made opens.
 */
export function encodeShare(
  session: SharedSession,
  files: ReadonlyMap<string, Uint8Array>,
): Promise<ShareResult<EncodedShare>> {
  return attempt(async () => {
    readSessionV2(JSON.parse(JSON.stringify(writeSessionJson(session, []))));
    const refs = filesOf(session);
    const candidates: [string, Uint8Array][] = [];
    for (const [hash, bytes] of files) {
      const ref = refs.get(hash);
      if (!ref || bytes.length > SHARE_LIMITS.inflatedBytes) continue;
      if ((await sha256Hex(bytes)) !== hash || bytes.length !== ref.size) {
        fail('SHARE_HASH_MISMATCH', `the bytes given for ${ref.name} are not the file it names`);
      }
      candidates.push([hash, bytes]);
    }
    candidates.sort((a, b) => a[1].length - b[1].length);

    const inline = new Map<string, Uint8Array>();
    let body = await fitting(session, inline);
    if (body === null) return storedShare(session, [...refs.keys()]);
    for (const [hash, bytes] of candidates) {
      inline.set(hash, bytes);
      const larger = await fitting(session, inline);
      if (larger === null) {
        inline.delete(hash);
        break;
      }
      body = larger;
    }
    return {
      fragment: `${FRAGMENT_PREFIX}${SHARE_FORMATS.latest}.${body}`,
      inline: [...inline.keys()],
      upload: [...refs.keys()].filter((h) => !inline.has(h)),
      made: new Map(),
    };
  });
}

/** The share of a session kept in the share service: the link only names its frame. */
async function storedShare(session: SharedSession, files: string[]): Promise<EncodedShare> {
  const payload = sessionPayload(session, new Map());
  if (payload.length > SHARE_LIMITS.inflatedBytes) {
    fail('SHARE_SESSION_TOO_LARGE', `its record takes ${payload.length} bytes`);
  }
  const frame = await packFrame(payload);
  if (frame.length > MAX_STORED_FRAME_BYTES) {
    fail('SHARE_SESSION_TOO_LARGE', `it compresses to ${frame.length} bytes`);
  }
  const sha256 = await sha256Hex(frame);
  return {
    fragment: `${FRAGMENT_PREFIX}${SHARE_FORMATS.latest}.${STORED_MARK}${sha256}`,
    inline: [],
    upload: [sha256, ...files],
    made: new Map([[sha256, frame]]),
  };
}

/** The latest format's body with these files inline, or null when it does not fit in a link. */
async function fitting(
  session: SharedSession,
  inline: ReadonlyMap<string, Uint8Array>,
): Promise<string | null> {
  const payload = sessionPayload(session, inline);
  if (payload.length > SHARE_LIMITS.inflatedBytes) return null;
  const frame = await packFrame(payload);
  return frame.length <= MAX_FRAME_BYTES ? encodeBase64url(frame) : null;
}
