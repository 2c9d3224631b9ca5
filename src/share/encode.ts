import { encodeBase64url } from './base64url.ts';
import { filesOf, writeV1 } from './format-v1.ts';
import { MAX_FRAME_BYTES } from './frame.ts';
import { FRAGMENT_PREFIX, SHARE_FORMATS } from './formats.ts';
import { readSessionV1, writeSessionV1 } from './session-v1.ts';
import { sha256Hex } from './sha256.ts';
import { attempt, fail } from './share-errors.ts';
import type { ShareResult } from './share-errors.ts';
import type { SharedSession } from './shared-session.ts';
import { SHARE_LIMITS } from './shared-session.ts';

export interface EncodedShare {
  /** The fragment, without `#`: `ps1.` and the body. */
  fragment: string;
  /** SHA-256s of the files that travel inside the link. */
  inline: string[];
  /** SHA-256s of the session's other files: they must be stored in the share service. */
  upload: string[];
}

/**
 * Makes the link fragment for a session. `files` holds the bytes of whichever of the
 * session's files the caller has, by SHA-256; the smallest go inside the link as long as the
 * compressed frame stays within SHARE_LIMITS.inlineFrameBytes, the rest are named for upload.
 * A session the decoder would refuse is refused here, so every link made opens.
 */
export function encodeShare(
  session: SharedSession,
  files: ReadonlyMap<string, Uint8Array>,
): Promise<ShareResult<EncodedShare>> {
  return attempt(async () => {
    readSessionV1(JSON.parse(JSON.stringify(writeSessionV1(session, []))));
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
    if (body === null) {
      fail('SHARE_SESSION_TOO_LARGE', `even without files it exceeds ${MAX_FRAME_BYTES} bytes`);
    }
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
    };
  });
}

/** The v1 body with these files inline, or null when it does not fit in a link. */
async function fitting(
  session: SharedSession,
  inline: ReadonlyMap<string, Uint8Array>,
): Promise<string | null> {
  let files = 0;
  for (const bytes of inline.values()) files += bytes.length;
  if (files > SHARE_LIMITS.inflatedBytes) return null;
  const { frame, payloadLength } = await writeV1(session, inline);
  const fits = frame.length <= MAX_FRAME_BYTES && payloadLength <= SHARE_LIMITS.inflatedBytes;
  return fits ? encodeBase64url(frame) : null;
}
