import type { Cpu } from '../cpu.ts';
import type { Insn } from '../decode/insn.ts';
import { checkSse, saveDst, srcX } from './sse-operands.ts';

/**
 * SSE2 shifts. Lane shifts take their count from imm8 (66 0F 71-73 groups) or from the low
 * quadword of an XMM/m128 operand; a count past the lane width gives zero (arithmetic right
 * shifts: copies of the sign). Byte shifts (psrldq/pslldq) move the whole register.
 */

/** Lane shift kinds, i.op of the handlers: bits 0-1 the direction, bits 2-3 the lane size. */
export const SRL = 0;
export const SRA = 1;
export const SLL = 2;
export const W = 0;
export const D = 4;
export const Q = 8;

/** psrlw/psraw/psllw, psrld/psrad/pslld, psrlq/psllq xmm, imm8 (register operand in rm). */
export function shiftImm(c: Cpu, i: Insn): void {
  checkSse(c);
  shiftLanes(c.xmm, i.rm << 2, i.op, i.imm & 0xff);
}

/** The same shifts xmm, xmm/m128: the count is the source's low quadword, unsigned. */
export function shiftBy(c: Cpu, i: Insn): void {
  const s = srcX(c, i);
  // Every count above 64 acts like 64: the lanes are at most 64 bits wide.
  const n = s[1] !== 0 || s[0] >>> 0 > 64 ? 64 : s[0];
  shiftLanes(c.xmm, i.reg << 2, i.op, n);
}

function shiftLanes(x: Int32Array, r: number, op: number, n: number): void {
  const dir = op & 3;
  const size = op & 12;
  if (size === Q) {
    for (let k = r; k < r + 4; k += 2) shiftQword(x, k, dir, n);
    return;
  }
  for (let k = r; k < r + 4; k++) {
    const v = x[k];
    if (size === D) {
      if (dir === SRA) x[k] = v >> (n > 31 ? 31 : n);
      else if (n > 31) x[k] = 0;
      else x[k] = dir === SRL ? v >>> n : v << n;
    } else if (dir === SRA) {
      // Each word: moved to the top of the dword and shifted down, which sign-extends it.
      const m = n > 15 ? 15 : n;
      x[k] = ((v >> m) & ~0xffff) | (((v << 16) >> (16 + m)) & 0xffff);
    } else if (n > 15) x[k] = 0;
    else if (dir === SRL) x[k] = (v >>> n) & Math.imul(0xffff >>> n, 0x10001);
    else x[k] = (v << n) & Math.imul((0xffff << n) & 0xffff, 0x10001);
  }
}

/** Shifts the quadword x[k] (low), x[k+1] (high) logically by n (0-64) bits. */
function shiftQword(x: Int32Array, k: number, dir: number, n: number): void {
  const lo = x[k];
  const hi = x[k + 1];
  if (n > 63) {
    x[k] = 0;
    x[k + 1] = 0;
  } else if (n >= 32) {
    x[k] = dir === SRL ? hi >>> (n - 32) : 0;
    x[k + 1] = dir === SRL ? 0 : lo << (n - 32);
  } else if (n !== 0) {
    // n = 0 is left alone: a shift by 32 - 0 would wrap to a shift by 0 in JavaScript.
    x[k] = dir === SRL ? (lo >>> n) | (hi << (32 - n)) : lo << n;
    x[k + 1] = dir === SRL ? hi >>> n : (hi << n) | (lo >>> (32 - n));
  }
}

/** psrldq (op 0) / pslldq (op 1) xmm, imm8: the register shifted by imm8 bytes; above 15
 * it becomes zero. */
export function shiftBytes(c: Cpu, i: Insn): void {
  checkSse(c);
  const n = i.imm & 0xff;
  const d = saveDst(c, i.rm);
  const x = c.xmm;
  const r = i.rm << 2;
  const bits = n > 15 ? 128 : n << 3;
  const whole = bits >> 5;
  const part = bits & 31;
  for (let k = 0; k < 4; k++) {
    // Result dword k takes bits from source dwords `near` and the next one out (`far`).
    const right = i.op === 0;
    const near = right ? k + whole : k - whole;
    const far = right ? near + 1 : near - 1;
    const a = near >= 0 && near < 4 ? d[near] : 0;
    const b = far >= 0 && far < 4 ? d[far] : 0;
    if (part === 0) x[r + k] = a;
    else x[r + k] = right ? (a >>> part) | (b << (32 - part)) : (a << part) | (b >>> (32 - part));
  }
}
