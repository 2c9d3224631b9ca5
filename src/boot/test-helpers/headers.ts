import {
  COMMON_MAGIC,
  FEATURES,
  REQUESTS_END_MARKER,
  REQUESTS_START_MARKER,
  BASE_REVISION_MAGIC,
} from '../limine-ids.ts';
import type { FeatureName } from '../limine-ids.ts';

/** Concatenates byte arrays. */
export function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

export function u32s(...words: number[]): Uint8Array {
  const out = new Uint8Array(words.length * 4);
  const v = new DataView(out.buffer);
  words.forEach((w, i) => v.setUint32(i * 4, w >>> 0, true));
  return out;
}

export function u64s(...words: bigint[]): Uint8Array {
  const out = new Uint8Array(words.length * 8);
  const v = new DataView(out.buffer);
  words.forEach((w, i) => v.setBigUint64(i * 8, BigInt.asUintN(64, w), true));
  return out;
}

/** A Multiboot 1 header: magic, flags, checksum, then the given address/video words. */
export function mb1Header(flags: number, extra: number[] = []): Uint8Array {
  return u32s(0x1badb002, flags, -(0x1badb002 + flags) >>> 0, ...extra);
}

export interface Mb2TagSpec {
  type: number;
  flags?: number;
  words?: number[];
}

/** A Multiboot 2 header with the given tags (each padded to 8 bytes) and an end tag. */
export function mb2Header(tags: Mb2TagSpec[], architecture = 0): Uint8Array {
  const bodies = tags.map((t) => {
    const size = 8 + 4 * (t.words?.length ?? 0);
    const padded = new Uint8Array(Math.ceil(size / 8) * 8);
    const v = new DataView(padded.buffer);
    v.setUint16(0, t.type, true);
    v.setUint16(2, t.flags ?? 0, true);
    padded.set(u32s(size, ...(t.words ?? [])), 4);
    return padded;
  });
  const end = u32s(0, 8);
  const length = 16 + bodies.reduce((n, b) => n + b.length, 0) + end.length;
  const head = u32s(0xe85250d6, architecture, length, -(0xe85250d6 + architecture + length) >>> 0);
  return concat(head, ...bodies, end);
}

/** A Limine request: common magic, the feature's ID, revision, a NULL response, then extra fields. */
export function limineRequest(
  feature: FeatureName,
  revision = 0n,
  extra: bigint[] = [],
): Uint8Array {
  return u64s(...COMMON_MAGIC, ...FEATURES[feature], revision, 0n, ...extra);
}

export function baseRevisionTag(n: bigint): Uint8Array {
  return u64s(...BASE_REVISION_MAGIC, n);
}

export const startMarker = (): Uint8Array => u64s(...REQUESTS_START_MARKER);
export const endMarker = (): Uint8Array => u64s(...REQUESTS_END_MARKER);
