import { alignUp, asciiz, ByteWriter } from './bytes.ts';

/** Turns offsets in the block, and physical addresses, into the HHDM pointers Limine hands out. */
export interface Pointers {
  /** The HHDM address of an offset in the block. */
  to(offset: number): bigint;
  /** The HHDM address of a physical address. */
  phys(address: number): bigint;
}

type Fill = (w: ByteWriter, p: Pointers, offset: number) => void;

/**
 * The bootloader-reclaimable block holding Limine's responses, strings and GDT. Space is
 * reserved first, so the block's size is known before memory is chosen for it, and filled
 * once its physical address is known, when every pointer can be written as an HHDM address.
 */
export class LimineBlob {
  private size = 0;
  private readonly fills: { offset: number; fill: Fill }[] = [];

  /** Reserves `size` bytes at `align`; `fill` writes them once the block is placed. */
  reserve(size: number, fill: Fill, align = 8): number {
    const offset = alignUp(this.size, align);
    this.size = offset + size;
    this.fills.push({ offset, fill });
    return offset;
  }

  /** A NUL-terminated string; returns its offset. */
  string(s: string): number {
    const data = asciiz(s);
    return this.reserve(data.length, (w, _p, o) => w.put(o, data), 1);
  }

  /** A structure of 64-bit fields (a response, an array of pointers); returns its offset. */
  words(count: number, values: (p: Pointers) => (bigint | number)[]): number {
    return this.reserve(count * 8, (w, p, o) => values(p).forEach((v, i) => w.u64(o + i * 8, v)));
  }

  get length(): number {
    return this.size;
  }

  /** The block's bytes once placed at physical `base`, the HHDM starting at `hhdm`. */
  bytes(base: number, hhdm: bigint): Uint8Array {
    const w = new ByteWriter(this.size);
    const p: Pointers = { to: (o) => hhdm + BigInt(base + o), phys: (a) => hhdm + BigInt(a) };
    for (const { offset, fill } of this.fills) fill(w, p, offset);
    return w.bytes;
  }
}

/** What a `struct limine_file` describes (PROTOCOL.md, "File Structure"). */
export interface LimineFileInfo {
  /** Physical address of the loaded file. */
  address: number;
  size: number;
  path: string;
  string: string;
  optical: boolean;
}

const FILE_SIZE = 112;
const MEDIA_OPTICAL = 1;

/**
 * Reserves a limine_file: revision 0, address, size, path, string, then the media type; the
 * partition and UUID fields stay zero (an unpartitioned medium). `stringOffset` lets the
 * executable's file share its command line with the executable cmdline response.
 */
export function limineFile(
  blob: LimineBlob,
  f: LimineFileInfo,
  stringOffset = blob.string(f.string),
): number {
  const path = blob.string(f.path);
  return blob.reserve(FILE_SIZE, (w, p, o) => {
    w.u64(o + 8, p.phys(f.address));
    w.u64(o + 16, f.size);
    w.u64(o + 24, p.to(path));
    w.u64(o + 32, p.to(stringOffset));
    w.u32(o + 40, f.optical ? MEDIA_OPTICAL : 0);
  });
}
