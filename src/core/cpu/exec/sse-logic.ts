import type { Cpu } from '../cpu.ts';
import type { Insn } from '../decode/insn.ts';
import { setReg } from './operands.ts';
import { checkSse, srcX } from './sse-operands.ts';

/**
 * SSE bitwise operations, compares and mask extraction on 128-bit registers. Lanes narrower
 * than a dword are handled inside each dword with SWAR arithmetic, so nothing is unpacked.
 */

export const LOGIC_AND = 0;
export const LOGIC_ANDN = 1;
export const LOGIC_OR = 2;
export const LOGIC_XOR = 3;

/** pand/andps/andpd, pandn/andnps/andnpd (NOT dest, then AND), por/orps/orpd,
 * pxor/xorps/xorpd: the same bits whatever the element type. i.op is LOGIC_*. */
export function logic(c: Cpu, i: Insn): void {
  const s = srcX(c, i);
  const x = c.xmm;
  const d = i.reg << 2;
  switch (i.op) {
    case LOGIC_AND:
      for (let k = 0; k < 4; k++) x[d + k] &= s[k];
      break;
    case LOGIC_ANDN:
      for (let k = 0; k < 4; k++) x[d + k] = ~x[d + k] & s[k];
      break;
    case LOGIC_OR:
      for (let k = 0; k < 4; k++) x[d + k] |= s[k];
      break;
    default:
      for (let k = 0; k < 4; k++) x[d + k] ^= s[k];
  }
}

/** pcmpeqb/w/d (i.op = lane bytes 1, 2, 4): all ones in each equal lane, zeros elsewhere. */
export function pcmpeq(c: Cpu, i: Insn): void {
  const s = srcX(c, i);
  const x = c.xmm;
  const d = i.reg << 2;
  // Per lane: the top bit of (t & low7) + low7, or'd with t, is set iff the lane of t is non-zero.
  const low7 = i.op === 1 ? 0x7f7f7f7f : 0x7fff7fff;
  const top = ~low7;
  for (let k = 0; k < 4; k++) {
    const t = x[d + k] ^ s[k];
    if (i.op === 4) x[d + k] = t === 0 ? -1 : 0;
    else {
      const equal = ~(((t & low7) + low7) | t) & top;
      // Each set top bit becomes a full lane: (top bit >>> (lane bits - 1)) * lane max.
      x[d + k] = i.op === 1 ? Math.imul(equal >>> 7, 0xff) : Math.imul(equal >>> 15, 0xffff);
    }
  }
}

/** pcmpgtb/w/d (i.op = lane bytes): all ones in each lane where dest > source, signed. */
export function pcmpgt(c: Cpu, i: Insn): void {
  const s = srcX(c, i);
  const x = c.xmm;
  const d = i.reg << 2;
  const bits = i.op << 3;
  const lanes = 32 / bits;
  const ones = bits === 32 ? -1 : (1 << bits) - 1;
  for (let k = 0; k < 4; k++) {
    const a = x[d + k];
    const b = s[k];
    let r = 0;
    for (let n = 0; n < lanes; n++) {
      // Shifting the lane to the top and back sign-extends it.
      const up = 32 - bits * (n + 1);
      if ((a << up) >> (32 - bits) > (b << up) >> (32 - bits)) r |= ones << (bits * n);
    }
    x[d + k] = r;
  }
}

/** pminub (op 0) / pmaxub (op 1): unsigned byte minimum or maximum. */
export function pminmaxub(c: Cpu, i: Insn): void {
  const s = srcX(c, i);
  const x = c.xmm;
  const d = i.reg << 2;
  const max = i.op === 1;
  for (let k = 0; k < 4; k++) {
    const a = x[d + k];
    const b = s[k];
    let r = 0;
    for (let sh = 0; sh < 32; sh += 8) {
      const p = (a >>> sh) & 0xff;
      const q = (b >>> sh) & 0xff;
      r |= (max === p > q ? p : q) << sh;
    }
    x[d + k] = r;
  }
}

/** 66 0F D7 pmovmskb r32/64, xmm: the top bit of each byte, byte 0 to bit 0. */
export function pmovmskb(c: Cpu, i: Insn): void {
  checkSse(c);
  const x = c.xmm;
  const s = i.rm << 2;
  let r = 0;
  for (let k = 3; k >= 0; k--) {
    // Bits 7, 15, 23, 31 moved to 0, 8, 16, 24, then gathered into bits 21-24 by one multiply
    // whose partial products never overlap.
    const tops = (x[s + k] >>> 7) & 0x01010101;
    r = (r << 4) | ((Math.imul(tops, 0x204081) >>> 21) & 0xf);
  }
  setReg(c.gpr, i.reg, 4, r);
}

/** movmskps (op 4) / movmskpd (op 8) r32/64, xmm: the sign bit of each element. */
export function movmsk(c: Cpu, i: Insn): void {
  checkSse(c);
  const x = c.xmm;
  const s = i.rm << 2;
  const r =
    i.op === 4
      ? (x[s] >>> 31) |
        ((x[s + 1] >>> 31) << 1) |
        ((x[s + 2] >>> 31) << 2) |
        ((x[s + 3] >>> 31) << 3)
      : (x[s + 1] >>> 31) | ((x[s + 3] >>> 31) << 1);
  setReg(c.gpr, i.reg, 4, r);
}
