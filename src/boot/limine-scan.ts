import { fail, hex } from './errors.ts';
import {
  BASE_REVISION_MAGIC,
  COMMON_MAGIC,
  MAX_BASE_REVISION,
  REQUESTS_END_MARKER,
  REQUESTS_START_MARKER,
} from './limine-ids.ts';

/** Where a Limine request sits in the loaded image, and which feature it names. */
export interface LimineRequest {
  /** Byte offset from the start of the loaded image (the lowest virtual address). */
  offset: number;
  id: readonly [bigint, bigint];
}

export interface LimineScan {
  /** The base revision tag, if any: its offset and the revision it asks for. */
  baseRevision?: { offset: number; requested: bigint };
  requests: LimineRequest[];
}

function qword(v: DataView, at: number): bigint {
  return v.getBigUint64(at, true);
}

function matches(v: DataView, at: number, words: readonly bigint[]): boolean {
  if (at + words.length * 8 > v.byteLength) return false;
  return words.every((w, k) => qword(v, at + k * 8) === w);
}

/**
 * Evidence, in a file, that the kernel speaks the Limine protocol: a base revision tag, a
 * request delimiter or a request's common magic at an 8-byte aligned offset. Returns the
 * first such offset and what was found, or undefined.
 */
export function findLimineEvidence(
  bytes: Uint8Array,
): { offset: number; what: string } | undefined {
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  // Compare the low dword first: a full 64-bit read at every offset would be slow on big files.
  const first = [
    [BASE_REVISION_MAGIC, 'a base revision tag'],
    [REQUESTS_START_MARKER, 'a requests start marker'],
    [REQUESTS_END_MARKER, 'a requests end marker'],
    [COMMON_MAGIC, 'a request'],
  ] as const;
  const lows = first.map(([words]) => Number(words[0] & 0xffffffffn));
  for (let at = 0; at + 16 <= bytes.length; at += 8) {
    const lo = v.getUint32(at, true);
    const k = lows.indexOf(lo);
    if (k >= 0 && matches(v, at, first[k][0])) return { offset: at, what: first[k][1] };
  }
  return undefined;
}

/**
 * Finds the base revision tag and the requests in the loaded image the way the Limine loader
 * does: 8-byte steps from the start; a start marker forgets what came before it; an end marker
 * stops the scan; the same tag or request ID twice is refused.
 */
export function scanLimineImage(image: Uint8Array): LimineScan {
  const v = new DataView(image.buffer, image.byteOffset, image.byteLength);
  let scan: LimineScan = { requests: [] };
  for (let at = 0; at + 16 <= image.length; at += 8) {
    if (matches(v, at, REQUESTS_START_MARKER)) {
      scan = { requests: [] };
      continue;
    }
    if (matches(v, at, REQUESTS_END_MARKER)) break;
    if (matches(v, at, BASE_REVISION_MAGIC) && at + 24 <= image.length) {
      if (scan.baseRevision)
        fail('BOOT_LIMINE_DUPLICATE', `a second base revision tag at image offset ${hex(at)}`);
      scan.baseRevision = { offset: at, requested: qword(v, at + 16) };
      continue;
    }
    if (matches(v, at, COMMON_MAGIC) && at + 32 <= image.length) {
      const id = [qword(v, at + 16), qword(v, at + 24)] as const;
      if (scan.requests.some((q) => q.id[0] === id[0] && q.id[1] === id[1])) {
        fail('BOOT_LIMINE_DUPLICATE', `request ${hex(id[0])} ${hex(id[1])} appears twice`);
      }
      scan.requests.push({ offset: at, id });
    }
  }
  return scan;
}

/**
 * Answers the base revision tag and returns the revision to boot with (0 without a tag). A
 * supported revision gets its third word set to 0; a later one boots as MAX_BASE_REVISION and
 * keeps it. Either way the second word becomes the revision used, as loaders supporting
 * revision 3 must write it.
 */
export function acceptBaseRevision(image: Uint8Array, scan: LimineScan): number {
  const tag = scan.baseRevision;
  if (!tag) return 0;
  const v = new DataView(image.buffer, image.byteOffset, image.byteLength);
  const supported = tag.requested <= BigInt(MAX_BASE_REVISION);
  const revision = supported ? Number(tag.requested) : MAX_BASE_REVISION;
  if (supported) v.setBigUint64(tag.offset + 16, 0n, true);
  v.setBigUint64(tag.offset + 8, BigInt(revision), true);
  return revision;
}
