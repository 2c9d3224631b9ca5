import { deflateSync } from 'fflate';
import { inflateCapped } from './capped-inflate.ts';
import { sha256Bytes } from './sha256.ts';
import { fail } from './share-errors.ts';
import { SHARE_LIMITS } from './shared-session.ts';

/**
 * The frame a link carries (base64url after `#ps2.`, as in v1): a 16-byte header then raw DEFLATE.
 *
 *   0..3   compressed length (u32 LE), so a cut-off link is told from a damaged one
 *   4..7   inflated length (u32 LE), checked against the cap before anything is inflated
 *   8..15  the first 8 bytes of SHA-256 over bytes 0..7 and the compressed data
 *   16..   the payload, raw DEFLATE
 */
const FRAME_HEADER_BYTES = 16;
const CHECKSUM_BYTES = 8;

/** Largest frame a link may carry: the inline limit plus the header. */
export const MAX_FRAME_BYTES = SHARE_LIMITS.inlineFrameBytes + FRAME_HEADER_BYTES;

/** Largest frame kept in the share service, for sessions too large for a link. */
export const MAX_STORED_FRAME_BYTES = SHARE_LIMITS.storedFrameBytes + FRAME_HEADER_BYTES;

export function packFrame(payload: Uint8Array): Promise<Uint8Array> {
  return sealFrame(deflateSync(payload, { level: 9 }), payload.length);
}

/** The frame around already compressed data, with its header and checksum. */
export async function sealFrame(
  compressed: Uint8Array,
  inflatedLength: number,
): Promise<Uint8Array> {
  const frame = new Uint8Array(FRAME_HEADER_BYTES + compressed.length);
  const view = new DataView(frame.buffer);
  view.setUint32(0, compressed.length, true);
  view.setUint32(4, inflatedLength, true);
  frame.set(compressed, FRAME_HEADER_BYTES);
  frame.set(await checksumOf(frame), 8);
  return frame;
}

/**
 * Checks the header and checksum and inflates the payload, within SHARE_LIMITS and a
 * compressed size of at most `maxCompressed` (a link's or the share service's limit).
 */
export async function unpackFrame(
  frame: Uint8Array,
  maxCompressed: number = SHARE_LIMITS.inlineFrameBytes,
): Promise<Uint8Array> {
  if (frame.length < FRAME_HEADER_BYTES) {
    fail(
      'SHARE_TRUNCATED',
      `${frame.length} bytes remain of the ${FRAME_HEADER_BYTES}-byte header`,
    );
  }
  const view = new DataView(frame.buffer, frame.byteOffset, frame.byteLength);
  const compressedLength = view.getUint32(0, true);
  const inflatedLength = view.getUint32(4, true);
  const present = frame.length - FRAME_HEADER_BYTES;
  if (compressedLength > maxCompressed) {
    fail('SHARE_TOO_LONG', `it declares ${compressedLength} compressed bytes`);
  }
  if (present < compressedLength) {
    fail('SHARE_TRUNCATED', `${present} of ${compressedLength} compressed bytes are present`);
  }
  if (present > compressedLength) {
    fail('SHARE_MALFORMED', `${present - compressedLength} bytes follow the end of the session`);
  }
  if (inflatedLength > SHARE_LIMITS.inflatedBytes) {
    fail(
      'SHARE_TOO_LARGE',
      `it declares ${inflatedLength} bytes, the limit is ${SHARE_LIMITS.inflatedBytes}`,
    );
  }
  const expected = await checksumOf(frame);
  for (let i = 0; i < CHECKSUM_BYTES; i++) {
    if (frame[8 + i] !== expected[i]) fail('SHARE_CHECKSUM');
  }
  const inflated = inflateCapped(frame.subarray(FRAME_HEADER_BYTES), inflatedLength);
  if (!inflated.ok) {
    if (inflated.reason === 'too-large') {
      fail('SHARE_TOO_LARGE', `it expands past the ${inflatedLength} bytes it declares`);
    }
    fail('SHARE_BAD_DEFLATE', inflated.detail);
  }
  if (inflated.bytes.length !== inflatedLength) {
    fail(
      'SHARE_BAD_DEFLATE',
      `${inflated.bytes.length} bytes come out, ${inflatedLength} declared`,
    );
  }
  return inflated.bytes;
}

/** SHA-256 over the two lengths and the compressed data, the checksum field itself skipped. */
async function checksumOf(frame: Uint8Array): Promise<Uint8Array> {
  const covered = new Uint8Array(frame.length - CHECKSUM_BYTES);
  covered.set(frame.subarray(0, 8));
  covered.set(frame.subarray(FRAME_HEADER_BYTES), 8);
  return (await sha256Bytes(covered)).subarray(0, CHECKSUM_BYTES);
}
