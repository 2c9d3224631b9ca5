import type { SavedState } from '../machine/snapshot-fields.ts';
export const SECTOR = 512;
/** Sectors per DRQ block that SET MULTIPLE MODE may choose, at most (QEMU's MAX_MULT_SECTORS). */
export const MAX_MULTIPLE = 16;

const MODEL = 'PAGESCOPE HARDDISK';
const SERIAL = 'PS00001';
const FIRMWARE = '1.0';

/**
 * A hard disk's contents: the user's image, read-only, with the sectors the guest writes kept
 * in memory on top (so the image is never changed and a session can be replayed from it).
 * A last partial sector reads as zero-padded.
 */
export class AtaDisk {
  readonly sectors: number;
  readonly cylinders: number;
  readonly heads = 16;
  readonly sectorsPerTrack = 63;
  private readonly written = new Map<number, Uint8Array>();

  constructor(private readonly image: Uint8Array) {
    this.sectors = Math.ceil(image.length / SECTOR);
    // QEMU's geometry guess for a disk without a partition table: 16 heads, 63 sectors.
    this.cylinders = Math.min(16383, Math.max(2, Math.floor(this.sectors / (16 * 63))));
  }

  /** Sectors the guest has written (for a UI that offers the modified image for download). */
  get modifiedSectors(): number {
    return this.written.size;
  }

  read(lba: number, out: Uint8Array, offset: number): void {
    const w = this.written.get(lba);
    if (w) {
      out.set(w, offset);
      return;
    }
    const from = lba * SECTOR;
    const to = Math.min(from + SECTOR, this.image.length);
    out.set(this.image.subarray(from, to), offset);
    out.fill(0, offset + (to - from), offset + SECTOR);
  }

  write(lba: number, src: Uint8Array, offset: number): void {
    let w = this.written.get(lba);
    if (!w) this.written.set(lba, (w = new Uint8Array(SECTOR)));
    w.set(src.subarray(offset, offset + SECTOR));
  }

  /** The image with the guest's writes applied. */
  snapshot(): Uint8Array {
    const out = new Uint8Array(this.sectors * SECTOR);
    out.set(this.image);
    for (const [lba, data] of this.written) out.set(data, lba * SECTOR);
    return out;
  }

  /**
   * Writes the 256 words IDENTIFY DEVICE returns into `bytes` (ATA-7 layout, values after
   * QEMU's ide_identify, with the DMA capabilities cleared: this controller has none).
   */
  identify(multiple: number, bytes: Uint8Array): void {
    bytes.fill(0, 0, SECTOR);
    const chs = this.cylinders * this.heads * this.sectorsPerTrack;
    const lba28 = Math.min(this.sectors, 0x0fffffff);
    putWord(bytes, 0, 0x0040); // fixed (non-removable) ATA device
    putWord(bytes, 1, this.cylinders);
    putWord(bytes, 3, this.heads);
    putWord(bytes, 6, this.sectorsPerTrack);
    putString(bytes, 10, SERIAL, 20);
    putString(bytes, 23, FIRMWARE, 8);
    putString(bytes, 27, MODEL, 40);
    putWord(bytes, 47, 0x8000 | MAX_MULTIPLE);
    putWord(bytes, 48, 1); // 32-bit PIO allowed
    putWord(bytes, 49, (1 << 11) | (1 << 9)); // IORDY, LBA; no DMA (there is no bus master)
    putWord(bytes, 50, 0x4000);
    putWord(bytes, 51, 0x200); // PIO mode 2 timing
    putWord(bytes, 53, 0x03); // words 54-58 and 64-70 are valid
    putWord(bytes, 54, this.cylinders);
    putWord(bytes, 55, this.heads);
    putWord(bytes, 56, this.sectorsPerTrack);
    putWord(bytes, 57, chs);
    putWord(bytes, 58, chs >>> 16);
    if (multiple > 0) putWord(bytes, 59, 0x100 | multiple);
    putWord(bytes, 60, lba28);
    putWord(bytes, 61, lba28 >>> 16);
    putWord(bytes, 64, 0x03); // PIO modes 3 and 4
    for (let w = 65; w <= 68; w++) putWord(bytes, w, 120);
    putWord(bytes, 80, 0xf0); // ATA/ATAPI-4 to -7
    putWord(bytes, 81, 0x16);
    putWord(bytes, 82, (1 << 14) | (1 << 5)); // NOP, write cache
    putWord(bytes, 83, (1 << 14) | (1 << 13) | (1 << 12) | (1 << 10)); // FLUSH EXT, FLUSH, 48-bit
    putWord(bytes, 84, 1 << 14);
    putWord(bytes, 85, (1 << 14) | (1 << 5));
    putWord(bytes, 86, (1 << 13) | (1 << 12) | (1 << 10));
    putWord(bytes, 87, 1 << 14);
    putWord(bytes, 93, 0x6001); // hardware reset result: device 0 passed, no device 1
    // LBA48 capacity, a 64-bit count in four words, without BigInt.
    putWord(bytes, 100, this.sectors);
    putWord(bytes, 101, this.sectors >>> 16);
    putWord(bytes, 102, Math.floor(this.sectors / 2 ** 32));
    putWord(bytes, 103, Math.floor(this.sectors / 2 ** 48));
    // Integrity word: signature 0xa5 and a checksum making all 512 bytes sum to 0 mod 256.
    bytes[510] = 0xa5;
    let sum = 0;
    for (let i = 0; i < 511; i++) sum += bytes[i];
    bytes[511] = -sum & 0xff;
  }

  /** Snapshot state: the sectors the guest wrote (the image is configuration), by LBA. */
  saveState(): SavedState {
    const lbas = [...this.written.keys()].sort((a, b) => a - b);
    const data = new Uint8Array(lbas.length * SECTOR);
    lbas.forEach((lba, k) => data.set(this.written.get(lba)!, k * SECTOR));
    return { lbas, data };
  }

  loadState(s: SavedState): void {
    const lbas = s.lbas as number[];
    const data = s.data as Uint8Array;
    this.written.clear();
    lbas.forEach((lba, k) => this.written.set(lba, data.slice(k * SECTOR, (k + 1) * SECTOR)));
  }
}

function putWord(bytes: Uint8Array, word: number, v: number): void {
  bytes[word * 2] = v & 0xff;
  bytes[word * 2 + 1] = (v >>> 8) & 0xff;
}

/** ATA strings: space-padded, two characters per word with the first in the high byte. */
function putString(bytes: Uint8Array, word: number, s: string, length: number): void {
  for (let i = 0; i < length; i++) {
    bytes[word * 2 + (i ^ 1)] = i < s.length ? s.charCodeAt(i) : 0x20;
  }
}
