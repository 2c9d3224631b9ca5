import { AsciiSink, putCanonical } from './ascii-sink.ts';

/** QEMU's `prot` bits: P, R/W and U/S of the entries, ANDed down the levels. */
export const PROT_MASK = 7;
const RW = 2;
const US = 4;
const DASH = 0x2d;
const SPACE = 0x20;
const NL = 0x0a;

/**
 * The range accumulator behind `info mem` (QEMU's mem_print): called at every entry with the
 * entry's start address and prot, it closes the open range when prot changes and opens a new
 * one unless prot is 0. Start, end and size are each sign-extended on output, which is where
 * the quirks come from: an end of 1<<48 prints as 0001000000000000, an end of 0x800000000000
 * as ffff800000000000, and equal rights on both sides of the canonical hole stay one range.
 */
export class QemuRangePrinter {
  private start = -1;
  private lastProt = 0;
  readonly out = new AsciiSink();

  constructor(private readonly la57: boolean) {}

  /** `end` is the address (below 2^58, page aligned) where an entry with rights `prot` begins. */
  at(end: number, prot: number): void {
    if (prot === this.lastProt) return;
    if (this.start !== -1) {
      const p = this.lastProt;
      const b = this.out.ensure(64);
      let n = putCanonical(b, this.out.n, this.start, this.la57);
      b[n++] = DASH;
      n = putCanonical(b, n, end, this.la57);
      b[n++] = SPACE;
      n = putCanonical(b, n, end - this.start, this.la57);
      b[n++] = SPACE;
      b[n++] = p & US ? 0x75 : DASH; // u
      b[n++] = 0x72; // r
      b[n++] = p & RW ? 0x77 : DASH; // w
      b[n++] = NL;
      this.out.n = n;
    }
    this.start = prot !== 0 ? end : -1;
    this.lastProt = prot;
  }
}
