import { ByteReader } from './bytes.ts';
import { fail, hex } from './errors.ts';

/** Multiboot 1 header (Multiboot Specification 0.6.96, section 3.1). */
export const MB1_MAGIC = 0x1badb002;
/** The header must lie in the first 8 KiB of the image, 32-bit aligned. */
const SEARCH_LIMIT = 8192;
export const MB1_PAGE_ALIGN = 1 << 0;
export const MB1_MEMORY_INFO = 1 << 1;
export const MB1_VIDEO_MODE = 1 << 2;
export const MB1_AOUT_KLUDGE = 1 << 16;
/** Bits 0-15 a loader must understand or refuse; only 0-2 are defined. */
const REQUIRED_UNKNOWN = 0x0000fff8;

/** The a.out-kludge address fields: where to load a raw image and where to enter it. */
export interface Mb1Addresses {
  headerAddr: number;
  loadAddr: number;
  /** 0: load to the end of the file. */
  loadEndAddr: number;
  /** 0: no BSS. */
  bssEndAddr: number;
  entryAddr: number;
}

export interface Mb1Video {
  /** 0: linear graphics, 1: EGA text. */
  modeType: number;
  width: number;
  height: number;
  depth: number;
}

export interface Mb1Header {
  /** File offset of the magic. */
  offset: number;
  flags: number;
  addresses?: Mb1Addresses;
  video?: Mb1Video;
}

export type Mb1Search =
  | { found: 'valid'; header: Mb1Header }
  | { found: 'bad-checksum'; offset: number }
  | { found: 'none' };

/**
 * Finds the first Multiboot 1 header with a valid checksum, as GRUB and QEMU do. A magic with
 * a wrong checksum is remembered so "no protocol" can become a more useful message.
 */
export function findMultiboot1(bytes: Uint8Array): Mb1Search {
  const r = new ByteReader(bytes, 'BOOT_BAD_LOAD_ADDRESS');
  const end = Math.min(bytes.length, SEARCH_LIMIT) - 12;
  let badChecksumAt = -1;
  for (let at = 0; at <= end; at += 4) {
    if (r.u32(at) !== MB1_MAGIC) continue;
    const flags = r.u32(at + 4);
    if (((MB1_MAGIC + flags + r.u32(at + 8)) & 0xffffffff) !== 0) {
      if (badChecksumAt < 0) badChecksumAt = at;
      continue;
    }
    return { found: 'valid', header: { offset: at, flags } };
  }
  return badChecksumAt >= 0 ? { found: 'bad-checksum', offset: badChecksumAt } : { found: 'none' };
}

/** Reads the optional fields the flags announce; fails when they are cut off or unusable. */
export function readMultiboot1Fields(bytes: Uint8Array, header: Mb1Header): Mb1Header {
  const r = new ByteReader(bytes, 'BOOT_BAD_LOAD_ADDRESS');
  const at = header.offset;
  const { flags } = header;
  if (flags & REQUIRED_UNKNOWN) {
    fail(
      'BOOT_MB1_UNSUPPORTED_FLAGS',
      `flags are ${hex(flags)} (unknown bits ${hex(flags & REQUIRED_UNKNOWN)})`,
    );
  }
  const out: Mb1Header = { ...header };
  if (flags & MB1_AOUT_KLUDGE) {
    if (!r.has(at, 32))
      fail('BOOT_BAD_LOAD_ADDRESS', 'the address fields are cut off by the end of the file');
    out.addresses = {
      headerAddr: r.u32(at + 12),
      loadAddr: r.u32(at + 16),
      loadEndAddr: r.u32(at + 20),
      bssEndAddr: r.u32(at + 24),
      entryAddr: r.u32(at + 28),
    };
  }
  if (flags & MB1_VIDEO_MODE) {
    // The video fields follow the address fields whether or not flag 16 is set.
    if (r.has(at, 48)) {
      out.video = {
        modeType: r.u32(at + 32),
        width: r.u32(at + 36),
        height: r.u32(at + 40),
        depth: r.u32(at + 44),
      };
    } else {
      out.video = { modeType: 0, width: 0, height: 0, depth: 0 };
    }
  }
  return out;
}
