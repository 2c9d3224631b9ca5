import type { Cpu } from '../cpu.ts';
import type { Insn } from '../decode/insn.ts';
import { saveDst, srcX } from './sse-operands.ts';

/**
 * SSE2 integer arithmetic and rearrangement on 128-bit registers: wrapping add and subtract,
 * shuffles, interleaves and packs. Byte and word lanes are computed inside dwords.
 */

/** paddb/w/d/q (i.op = lane bytes 1, 2, 4, 8): wrapping add. */
export function padd(c: Cpu, i: Insn): void {
  const s = srcX(c, i);
  const x = c.xmm;
  const d = i.reg << 2;
  if (i.op === 8) {
    for (let k = 0; k < 4; k += 2) {
      const lo = (x[d + k] >>> 0) + (s[k] >>> 0);
      x[d + k + 1] = (x[d + k + 1] + s[k + 1] + (lo > 0xffffffff ? 1 : 0)) | 0;
      x[d + k] = lo | 0;
    }
    return;
  }
  const top = laneTops(i.op);
  for (let k = 0; k < 4; k++) {
    const a = x[d + k];
    const b = s[k];
    // Add below each lane's top bit (the carry stops there), then put the top bits' sum back.
    x[d + k] = i.op === 4 ? (a + b) | 0 : ((a & ~top) + (b & ~top)) ^ ((a ^ b) & top);
  }
}

/** psubb/w/d/q (i.op = lane bytes): wrapping subtract, dest - source. */
export function psub(c: Cpu, i: Insn): void {
  const s = srcX(c, i);
  const x = c.xmm;
  const d = i.reg << 2;
  if (i.op === 8) {
    for (let k = 0; k < 4; k += 2) {
      const lo = (x[d + k] >>> 0) - (s[k] >>> 0);
      x[d + k + 1] = (x[d + k + 1] - s[k + 1] - (lo < 0 ? 1 : 0)) | 0;
      x[d + k] = lo | 0;
    }
    return;
  }
  const top = laneTops(i.op);
  for (let k = 0; k < 4; k++) {
    const a = x[d + k];
    const b = s[k];
    // Each lane's top bit set in a, so the borrow stops there; then fix the top bits.
    x[d + k] = i.op === 4 ? (a - b) | 0 : ((a | top) - (b & ~top)) ^ ((a ^ ~b) & top);
  }
}

/** The top bit of every byte (1) or word (2) lane of a dword. */
function laneTops(bytes: number): number {
  return bytes === 1 ? 0x80808080 | 0 : 0x80008000 | 0;
}

/** Word j (0-7) of a 128-bit value. */
function word(v: Int32Array, j: number): number {
  return (v[j >> 1] >>> ((j & 1) << 4)) & 0xffff;
}

/** pshufd (op 0), pshufhw (op 1), pshuflw (op 2) xmm, xmm/m128, imm8: each result element
 * picks a source element by two bits of imm8; pshufhw/lw copy the other quadword. */
export function pshuf(c: Cpu, i: Insn): void {
  const s = srcX(c, i);
  const x = c.xmm;
  const d = i.reg << 2;
  const m = i.imm;
  if (i.op === 0) {
    for (let k = 0; k < 4; k++) x[d + k] = s[(m >> (2 * k)) & 3];
    return;
  }
  // The shuffled quadword's words come from the same quadword: base 4 (high) or 0 (low).
  const q = i.op === 1 ? 2 : 0;
  const base = q << 1;
  x[d + 2 - q] = s[2 - q];
  x[d + 3 - q] = s[3 - q];
  x[d + q] = word(s, base + (m & 3)) | (word(s, base + ((m >> 2) & 3)) << 16);
  x[d + q + 1] = word(s, base + ((m >> 4) & 3)) | (word(s, base + ((m >> 6) & 3)) << 16);
}

/**
 * punpckl* and punpckh* (i.op = lane bytes 1, 2, 4, 8, plus 0x10 for the high half):
 * interleaves the lanes of one half of dest and source, dest's lane first.
 */
export function unpack(c: Cpu, i: Insn): void {
  const s = srcX(c, i);
  const d = saveDst(c, i.reg);
  const x = c.xmm;
  const r = i.reg << 2;
  const bytes = i.op & 0xf;
  const high = i.op >> 4;
  if (bytes >= 4) {
    // Whole dwords: result dword k is dword `from` of dest or source.
    const per = bytes >> 2;
    for (let k = 0; k < 4; k++) {
      const lane = (k / per) | 0;
      const from = high * 2 + (lane >> 1) * per + (k % per);
      x[r + k] = lane & 1 ? s[from] : d[from];
    }
    return;
  }
  const bits = bytes << 3;
  const mask = (1 << bits) - 1;
  const first = high ? 64 / bits : 0;
  for (let k = 0; k < 4; k++) {
    let v = 0;
    for (let at = 0; at < 32; at += bits) {
      const lane = (k * 32 + at) / bits;
      const pos = (first + (lane >> 1)) * bits;
      const src = lane & 1 ? s : d;
      v |= ((src[pos >> 5] >>> (pos & 31)) & mask) << at;
    }
    x[r + k] = v;
  }
}

export const PACK_SSWB = 0;
export const PACK_USWB = 1;
export const PACK_SSDW = 2;

/** packsswb, packuswb (signed words to signed or unsigned saturated bytes) and packssdw
 * (signed dwords to signed saturated words): dest's lanes fill the low half, source's the high. */
export function pack(c: Cpu, i: Insn): void {
  const s = srcX(c, i);
  const d = saveDst(c, i.reg);
  const x = c.xmm;
  const r = i.reg << 2;
  if (i.op === PACK_SSDW) {
    for (let k = 0; k < 4; k++) {
      const from = k < 2 ? d : s;
      const j = (k & 1) << 1;
      x[r + k] =
        (sat(from[j], -0x8000, 0x7fff) & 0xffff) | (sat(from[j + 1], -0x8000, 0x7fff) << 16);
    }
    return;
  }
  const lo = i.op === PACK_USWB ? 0 : -0x80;
  const hi = i.op === PACK_USWB ? 0xff : 0x7f;
  for (let k = 0; k < 4; k++) {
    const from = k < 2 ? d : s;
    let v = 0;
    for (let n = 0; n < 4; n++) {
      const w = (word(from, ((k & 1) << 2) + n) << 16) >> 16;
      v |= (sat(w, lo, hi) & 0xff) << (n << 3);
    }
    x[r + k] = v;
  }
}

function sat(v: number, lo: number, hi: number): number {
  return v < lo ? lo : v > hi ? hi : v;
}
