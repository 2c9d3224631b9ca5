import { alignUp, ByteReader } from './bytes.ts';
import { fail, hex } from './errors.ts';

/** Multiboot 2 header (Multiboot2 Specification 2.0, section 3.1). */
export const MB2_MAGIC = 0xe85250d6;
/** The header must lie in the first 32 KiB of the image, 64-bit aligned. */
const SEARCH_LIMIT = 32768;
const TAG_OPTIONAL = 1;

export const enum Mb2HeaderTag {
  End = 0,
  InformationRequest = 1,
  Address = 2,
  EntryAddress = 3,
  ConsoleFlags = 4,
  Framebuffer = 5,
  ModuleAlign = 6,
  EfiBootServices = 7,
  EfiI386Entry = 8,
  EfiAmd64Entry = 9,
  Relocatable = 10,
}

export interface Mb2Header {
  /** File offset of the magic. */
  offset: number;
  architecture: number;
  length: number;
  /** Information request tags: the info types wanted and whether the kernel can do without. */
  requests: { types: number[]; optional: boolean }[];
  /** The a.out-kludge-style address tag. */
  address?: { headerAddr: number; loadAddr: number; loadEndAddr: number; bssEndAddr: number };
  entryAddr?: number;
  framebuffer?: { width: number; height: number; depth: number; optional: boolean };
  /** Tags read and accepted without effect on a BIOS machine (EFI, console, relocation...). */
  ignored: number[];
}

export type Mb2Search =
  | { found: 'valid'; offset: number }
  | { found: 'bad-checksum'; offset: number }
  | { found: 'none' };

/** Finds the first Multiboot 2 magic whose header checksum is right. */
export function findMultiboot2(bytes: Uint8Array): Mb2Search {
  const r = new ByteReader(bytes, 'BOOT_MB2_BAD_HEADER');
  const end = Math.min(bytes.length, SEARCH_LIMIT) - 16;
  let bad = -1;
  for (let at = 0; at <= end; at += 8) {
    if (r.u32(at) !== MB2_MAGIC) continue;
    const sum = MB2_MAGIC + r.u32(at + 4) + r.u32(at + 8) + r.u32(at + 12);
    if ((sum & 0xffffffff) === 0) return { found: 'valid', offset: at };
    if (bad < 0) bad = at;
  }
  return bad >= 0 ? { found: 'bad-checksum', offset: bad } : { found: 'none' };
}

/** Parses the header at `offset` and its tags; fails on malformed or unsupported required tags. */
export function parseMultiboot2(bytes: Uint8Array, offset: number): Mb2Header {
  const r = new ByteReader(bytes, 'BOOT_MB2_BAD_HEADER');
  const architecture = r.u32(offset + 4);
  const length = r.u32(offset + 8);
  if (architecture !== 0)
    fail('BOOT_MB2_BAD_HEADER', `architecture is ${architecture}, not 0 (i386)`);
  if (length < 24 || !r.has(offset, length)) {
    fail(
      'BOOT_MB2_BAD_HEADER',
      `header_length ${length} at offset ${offset} does not fit the file`,
    );
  }
  const h: Mb2Header = { offset, architecture, length, requests: [], ignored: [] };
  const end = offset + length;
  for (let at = offset + 16; ;) {
    if (at + 8 > end)
      fail('BOOT_MB2_BAD_HEADER', 'the tags run past header_length without an end tag');
    const type = r.u16(at);
    const optional = (r.u16(at + 2) & TAG_OPTIONAL) !== 0;
    const size = r.u32(at + 4);
    if (size < 8 || at + size > end)
      fail('BOOT_MB2_BAD_HEADER', `tag ${type} at offset ${at} has size ${size}`);
    if (type === Mb2HeaderTag.End) return h;
    readTag(r, h, type, at, size, optional);
    at += alignUp(size, 8);
  }
}

function readTag(
  r: ByteReader,
  h: Mb2Header,
  type: number,
  at: number,
  size: number,
  optional: boolean,
): void {
  const need = (min: number) => {
    if (size < min)
      fail('BOOT_MB2_BAD_HEADER', `tag ${type} at offset ${at} is ${size} bytes, want ${min}`);
  };
  switch (type) {
    case Mb2HeaderTag.InformationRequest: {
      const types: number[] = [];
      for (let p = at + 8; p + 4 <= at + size; p += 4) types.push(r.u32(p));
      h.requests.push({ types, optional });
      return;
    }
    case Mb2HeaderTag.Address:
      need(24);
      h.address = {
        headerAddr: r.u32(at + 8),
        loadAddr: r.u32(at + 12),
        loadEndAddr: r.u32(at + 16),
        bssEndAddr: r.u32(at + 20),
      };
      return;
    case Mb2HeaderTag.EntryAddress:
      need(12);
      h.entryAddr = r.u32(at + 8);
      return;
    case Mb2HeaderTag.Framebuffer:
      need(20);
      h.framebuffer = {
        width: r.u32(at + 8),
        height: r.u32(at + 12),
        depth: r.u32(at + 16),
        optional,
      };
      return;
    case Mb2HeaderTag.ConsoleFlags:
    case Mb2HeaderTag.ModuleAlign:
    case Mb2HeaderTag.EfiBootServices:
    case Mb2HeaderTag.EfiI386Entry:
    case Mb2HeaderTag.EfiAmd64Entry:
    case Mb2HeaderTag.Relocatable:
      // Modules are always page aligned, the image always loads where it is linked, and
      // this is a BIOS machine: these tags ask for nothing pagescope has to do differently.
      h.ignored.push(type);
      return;
    default:
      if (!optional) fail('BOOT_MB2_UNSUPPORTED_TAG', `tag type ${type} at offset ${hex(at)}`);
      h.ignored.push(type);
  }
}
