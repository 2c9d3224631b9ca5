import { TWO32 } from '../core/pair.ts';

const HEX = new Uint8Array([...'0123456789abcdef'].map((c) => c.charCodeAt(0)));
// UTF-8 (the output is ASCII): engines decode it with SIMD; latin1 takes a slow path in Node.
const decoder = new TextDecoder();

/** Writes eight hex digits of a uint32 at b[p]; returns the next position. */
export function put8(b: Uint8Array, p: number, v: number): number {
  for (let s = 28; s >= 0; s -= 4) b[p++] = HEX[(v >>> s) & 15];
  return p;
}

/** QEMU's addr_canonical then %016lx, for a raw address below 2^58 (see canonicalHex). */
export function putCanonical(b: Uint8Array, p: number, v: number, la57: boolean): number {
  let hi = Math.floor(v / TWO32);
  if (la57) {
    if (hi & 0x1000000) hi |= 0xfe000000;
  } else if (hi & 0x8000) hi |= 0xffff0000;
  return put8(b, put8(b, p, hi), v >>> 0);
}

/**
 * An ASCII text buffer for the QEMU formatters. `info tlb` on a million PTEs is a million
 * lines: building them as JS strings spends most of its time in the garbage collector, so the
 * bytes go into one growing array and become a string once, at the end. Writers reserve room
 * for a line with `ensure`, write at `n` with put8/putCanonical and store the new `n`.
 */
export class AsciiSink {
  buf = new Uint8Array(1 << 16);
  n = 0;

  ensure(k: number): Uint8Array {
    if (this.n + k > this.buf.length) {
      const b = new Uint8Array(Math.max(this.buf.length * 2, this.n + k));
      b.set(this.buf.subarray(0, this.n));
      this.buf = b;
    }
    return this.buf;
  }

  toString(): string {
    return decoder.decode(this.buf.subarray(0, this.n));
  }
}

/** Splits formatter output into lines without the final newline's empty string. */
export function linesOf(text: string): string[] {
  return text === '' ? [] : text.slice(0, -1).split('\n');
}
