import type { Cpu } from '../cpu.ts';
import { BASE_RIP } from '../decode/insn.ts';
import type { Insn } from '../decode/insn.ts';
import {
  read16,
  read32,
  read64,
  read8,
  write16,
  write32,
  write64,
  write8,
} from '../../mmu/access.ts';
import { HIGH_BYTE } from '../registers.ts';
import { carryOf } from '../../pair.ts';

/**
 * Operand access shared by every executor. Values of 8, 16 and 32 bits travel as plain
 * numbers (8/16 zero-extended, 32 as int32); 64-bit values as (lo, hi) with functions
 * returning lo and leaving hi in c.tmp[0]. Effective addresses leave their high dword in
 * c.tmp[1].
 */

/**
 * The memory operand's offset: base + index << scale + disp wrapped to the address size,
 * without the segment base (what lea stores). Returns lo; hi in c.tmp[1].
 */
export function eaOffset(c: Cpu, i: Insn): number {
  const g = c.gpr;
  const b = i.base;
  if (i.asize === 8) {
    let lo = 0;
    let hi = 0;
    if (b >= 0) {
      lo = g[b << 1];
      hi = g[(b << 1) + 1];
    } else if (b === BASE_RIP) {
      lo = c.blockRip[0];
      hi = c.blockRip[1];
    }
    let s = (lo >>> 0) + i.disp;
    const x = i.index;
    if (x >= 0) {
      const sc = i.scale;
      const xlo = g[x << 1];
      const xhi = g[(x << 1) + 1];
      s += (xlo << sc) >>> 0;
      hi += sc === 0 ? xhi : (xhi << sc) | (xlo >>> (32 - sc));
    }
    const r = s | 0;
    c.tmp[1] = (hi + carryOf(s, r)) | 0;
    return r;
  }
  let off = i.disp;
  if (b >= 0) off += g[b << 1];
  // RIP-relative with a 32-bit address size (67 prefix in 64-bit mode) uses EIP.
  else if (b === BASE_RIP) off += c.blockRip[0];
  c.tmp[1] = 0;
  if (i.asize === 4) {
    if (i.index >= 0) off += g[i.index << 1] << i.scale;
    return off | 0;
  }
  if (i.index >= 0) off += g[i.index << 1];
  return off & 0xffff;
}

/**
 * The linear address of an offset in a segment: in 64-bit mode only FS and GS have a base;
 * elsewhere every segment's base is added and the sum wraps at 4 GiB. lo returned, hi in c.tmp[1].
 */
export function linear(c: Cpu, seg: number, lo: number, hi: number): number {
  c.seg = seg;
  if (c.mode === 64) {
    if (seg < 4) {
      c.tmp[1] = hi;
      return lo;
    }
    const s = (lo >>> 0) + (c.segBaseLo[seg] >>> 0);
    const r = s | 0;
    c.tmp[1] = (hi + c.segBaseHi[seg] + carryOf(s, r)) | 0;
    return r;
  }
  c.tmp[1] = 0;
  return (lo + c.segBaseLo[seg]) | 0;
}

/** The linear address of the instruction's memory operand. lo returned, hi in c.tmp[1]. */
export function ea(c: Cpu, i: Insn): number {
  const off = eaOffset(c, i);
  return linear(c, i.seg, off, c.tmp[1]);
}

export function getReg8(g: Int32Array, code: number): number {
  return code & HIGH_BYTE ? (g[(code & 3) << 1] >>> 8) & 0xff : g[code << 1] & 0xff;
}

export function setReg8(g: Int32Array, code: number, v: number): void {
  if (code & HIGH_BYTE) {
    const k = (code & 3) << 1;
    g[k] = (g[k] & ~0xff00) | ((v & 0xff) << 8);
  } else {
    const k = code << 1;
    g[k] = (g[k] & ~0xff) | (v & 0xff);
  }
}

/** Reads a register of 1, 2 or 4 bytes (byte codes for size 1). */
export function getReg(g: Int32Array, r: number, size: number): number {
  if (size === 4) return g[r << 1];
  if (size === 2) return g[r << 1] & 0xffff;
  return getReg8(g, r);
}

/** Writes a register of 1, 2 or 4 bytes: 8 and 16 merge, 32 zero-extends into the high dword. */
export function setReg(g: Int32Array, r: number, size: number, v: number): void {
  const k = r << 1;
  if (size === 4) {
    g[k] = v;
    g[k + 1] = 0;
  } else if (size === 2) g[k] = (g[k] & ~0xffff) | (v & 0xffff);
  else setReg8(g, r, v);
}

export function readMem(c: Cpu, lo: number, hi: number, size: number): number {
  if (size === 4) return read32(c, lo, hi);
  if (size === 2) return read16(c, lo, hi);
  return read8(c, lo, hi);
}

export function writeMem(c: Cpu, lo: number, hi: number, size: number, v: number): void {
  if (size === 4) write32(c, lo, hi, v);
  else if (size === 2) write16(c, lo, hi, v);
  else write8(c, lo, hi, v);
}

/** Reads the r/m operand (register or memory) of 1, 2 or 4 bytes. */
export function readE(c: Cpu, i: Insn, size: number): number {
  if (i.rm >= 0) return getReg(c.gpr, i.rm, size);
  const lo = ea(c, i);
  return readMem(c, lo, c.tmp[1], size);
}

/** Writes the r/m operand of 1, 2 or 4 bytes (computes the address again: for pure stores). */
export function writeE(c: Cpu, i: Insn, size: number, v: number): void {
  if (i.rm >= 0) setReg(c.gpr, i.rm, size, v);
  else {
    const lo = ea(c, i);
    writeMem(c, lo, c.tmp[1], size, v);
  }
}

/** Reads a 64-bit r/m operand: returns lo, high dword in c.tmp[0]. */
export function readE64(c: Cpu, i: Insn): number {
  if (i.rm >= 0) {
    c.tmp[0] = c.gpr[(i.rm << 1) + 1];
    return c.gpr[i.rm << 1];
  }
  const lo = ea(c, i);
  return read64(c, lo, c.tmp[1]);
}

export function writeE64(c: Cpu, i: Insn, lo: number, hi: number): void {
  if (i.rm >= 0) {
    c.gpr[i.rm << 1] = lo;
    c.gpr[(i.rm << 1) + 1] = hi;
  } else {
    const a = ea(c, i);
    write64(c, a, c.tmp[1], lo, hi);
  }
}

/** Sign-extends an operand-size value to int32 (8 and 16 bits; 32 passes through). */
export function signExtend(v: number, size: number): number {
  if (size === 1) return (v << 24) >> 24;
  if (size === 2) return (v << 16) >> 16;
  return v | 0;
}

/** Zero-extends to the operand size's unsigned range. */
export function zeroExtend(v: number, size: number): number {
  if (size === 1) return v & 0xff;
  if (size === 2) return v & 0xffff;
  return v >>> 0;
}
