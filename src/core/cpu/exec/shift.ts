import type { Cpu } from '../cpu.ts';
import type { Insn } from '../decode/insn.ts';
import { AF, CF, OF, PARITY, SF, ZF } from '../flags.ts';
import { arithFlags, isCarry, setArithFlags } from '../lazy-flags.ts';
import { probeWrite, read64, write64 } from '../../mmu/access.ts';
import { ea, getReg, readMem, setReg, signExtend, writeMem } from './operands.ts';

/**
 * Shifts and rotates: C0/C1 (by imm8), D0/D1 (by 1), D2/D3 (by CL), and shld/shrd. i.op is the
 * ModRM.reg kind below. The count is masked to 5 bits (6 for 64-bit operands); a masked count of
 * 0 changes nothing, not even the flags. Flags are computed eagerly: shifts define all six (AF
 * reads 1 on Zen 3), rotates only CF and OF. Where the manuals leave OF or CF undefined, the
 * formulas are the ones this host follows (docs/undefined-flags.md).
 */
export const ROL = 0;
export const ROR = 1;
export const RCL = 2;
export const RCR = 3;
export const SHL = 4;
export const SHR = 5;
/** /6 is an undocumented alias of SHL. */
export const SAL = 6;
export const SAR = 7;

const RCX_LO = 2;

/** Results of 64-bit helpers: lo returned, hi here (c.tmp[0] belongs to the memory layer). */
let outHi = 0;

/** D0/D1: shift by 1. */
export function shiftBy1(c: Cpu, i: Insn): void {
  shiftE(c, i, 1);
}

/** D2/D3: shift by CL. */
export function shiftByCl(c: Cpu, i: Insn): void {
  shiftE(c, i, c.gpr[RCX_LO] & 0xff);
}

/** C0/C1: shift by imm8. */
export function shiftByImm(c: Cpu, i: Insn): void {
  shiftE(c, i, i.imm & 0xff);
}

function shiftE(c: Cpu, i: Insn, raw: number): void {
  const size = i.osize;
  const count = raw & (size === 8 ? 63 : 31);
  const g = c.gpr;
  if (size === 8) {
    if (i.rm >= 0) {
      const k = i.rm << 1;
      if (count === 0) return;
      g[k] = shift64(c, i.op, g[k], g[k + 1], count);
      g[k + 1] = outHi;
      return;
    }
    const lo = ea(c, i);
    const hi = c.tmp[1];
    probeWrite(c, lo, hi, 8);
    if (count === 0) return;
    const vLo = read64(c, lo, hi);
    const r = shift64(c, i.op, vLo, c.tmp[0], count);
    write64(c, lo, hi, r, outHi);
    return;
  }
  if (i.rm >= 0) {
    // A 32-bit shift by 0 still writes its register, clearing the high dword.
    const v = getReg(g, i.rm, size);
    setReg(g, i.rm, size, count === 0 ? v : shift32(c, i.op, size, v, count));
    return;
  }
  const lo = ea(c, i);
  const hi = c.tmp[1];
  probeWrite(c, lo, hi, size);
  if (count === 0) return;
  const v = readMem(c, lo, hi, size);
  writeMem(c, lo, hi, size, shift32(c, i.op, size, v, count));
}

/** SF, ZF and PF of a value already cut to its operand size (int32 for 32 bits). */
function szp(r: number, size: number): number {
  const sign = size === 4 ? r < 0 : (r >> (size * 8 - 1)) & 1;
  return (sign ? SF : 0) | (r === 0 ? ZF : 0) | PARITY[r & 0xff];
}

/** Keeps SF ZF AF PF and replaces CF and OF: what rotates do. */
function setCarryOverflow(c: Cpu, cf: number, of: number): void {
  setArithFlags(c, (arithFlags(c) & ~(CF | OF)) | (cf ? CF : 0) | (of ? OF : 0));
}

/** One shift or rotate of a 1-, 2- or 4-byte value by a masked, nonzero count. */
function shift32(c: Cpu, kind: number, size: number, a: number, count: number): number {
  const bits = size * 8;
  const mask = size === 4 ? -1 : (1 << bits) - 1;
  let r: number;
  let cf: number;
  switch (kind) {
    case ROL:
    case ROR: {
      const n = count & (bits - 1);
      r = a;
      if (n !== 0) {
        r = kind === ROL ? (a << n) | (a >>> (bits - n)) : (a >>> n) | (a << (bits - n));
        r = size === 4 ? r | 0 : r & mask;
      }
      const msb = (r >>> (bits - 1)) & 1;
      if (kind === ROL) setCarryOverflow(c, r & 1, msb ^ (r & 1));
      else setCarryOverflow(c, msb, msb ^ ((r >>> (bits - 2)) & 1));
      return r;
    }
    case RCL:
    case RCR: {
      // Through CF: 8- and 16-bit rotates are modulo 9 and 17 (the width plus CF).
      const n = size === 1 ? count % 9 : size === 2 ? count % 17 : count;
      const cin = isCarry(c) ? 1 : 0;
      r = a;
      cf = cin;
      if (n !== 0) {
        if (kind === RCL) {
          r = (a << n) | (cin << (n - 1)) | (n === 1 ? 0 : a >>> (bits + 1 - n));
          cf = (a >>> (bits - n)) & 1;
        } else {
          r = (a >>> n) | (cin << (bits - n)) | (n === 1 ? 0 : a << (bits + 1 - n));
          cf = (a >>> (n - 1)) & 1;
        }
        r = size === 4 ? r | 0 : r & mask;
      }
      const msb = (r >>> (bits - 1)) & 1;
      if (kind === RCL) setCarryOverflow(c, cf, msb ^ cf);
      else setCarryOverflow(c, cf, msb ^ ((r >>> (bits - 2)) & 1));
      return r;
    }
    case SHR: {
      // Counts past the width (8/16-bit operands) shift everything out, CF included.
      r = (a >>> count) & mask;
      cf = (a >>> (count - 1)) & 1;
      const of = ((r >>> (bits - 1)) ^ (r >>> (bits - 2))) & 1;
      setArithFlags(c, szp(r, size) | AF | (cf ? CF : 0) | (of ? OF : 0));
      return r;
    }
    case SAR: {
      const s = signExtend(a, size);
      r = (s >> count) & mask;
      cf = (s >> (count - 1)) & 1;
      setArithFlags(c, szp(r, size) | AF | (cf ? CF : 0));
      return r;
    }
    default: {
      // SHL and SAL. CF is the last bit out, 0 once the count passes the width.
      r = (a << count) & mask;
      cf = count <= bits ? (a >>> (bits - count)) & 1 : 0;
      const of = ((r >>> (bits - 1)) & 1) ^ cf;
      setArithFlags(c, szp(r, size) | AF | (cf ? CF : 0) | (of ? OF : 0));
      return r;
    }
  }
}

/** (lo, hi) << n for n in 0..64 (64 gives 0); hi in outHi. */
function shl64(lo: number, hi: number, n: number): number {
  if (n === 0) {
    outHi = hi;
    return lo;
  }
  if (n < 32) {
    outHi = (hi << n) | (lo >>> (32 - n));
    return lo << n;
  }
  outHi = n < 64 ? lo << (n - 32) : 0;
  return 0;
}

/** (lo, hi) >>> n for n in 0..64 (64 gives 0); hi in outHi. */
function shr64(lo: number, hi: number, n: number): number {
  if (n === 0) {
    outHi = hi;
    return lo;
  }
  if (n < 32) {
    outHi = hi >>> n;
    return (lo >>> n) | (hi << (32 - n));
  }
  outHi = 0;
  return n < 64 ? hi >>> (n - 32) : 0;
}

/** Bit n (0..63) of a pair. */
function bit64(lo: number, hi: number, n: number): number {
  return n < 32 ? (lo >>> n) & 1 : (hi >>> (n - 32)) & 1;
}

function szp64(lo: number, hi: number): number {
  return (hi < 0 ? SF : 0) | ((lo | hi) === 0 ? ZF : 0) | PARITY[lo & 0xff];
}

/** One shift or rotate of a 64-bit pair by a masked, nonzero count: lo returned, hi in outHi. */
function shift64(c: Cpu, kind: number, lo: number, hi: number, count: number): number {
  let rLo: number;
  let rHi: number;
  let cf: number;
  switch (kind) {
    case ROL:
    case ROR: {
      const left = kind === ROL ? count : 64 - count;
      const aLo = shl64(lo, hi, left);
      const aHi = outHi;
      rLo = aLo | shr64(lo, hi, 64 - left);
      rHi = aHi | outHi;
      const msb = rHi >>> 31;
      if (kind === ROL) setCarryOverflow(c, rLo & 1, msb ^ (rLo & 1));
      else setCarryOverflow(c, msb, msb ^ ((rHi >>> 30) & 1));
      break;
    }
    case RCL:
    case RCR: {
      // A 65-bit rotate: the value's far end wraps around through CF.
      const cin = isCarry(c) ? 1 : 0;
      if (kind === RCL) {
        rLo = shl64(lo, hi, count);
        rHi = outHi;
        rLo |= shr64(lo, hi, 65 - count);
        rHi |= outHi;
        if (count <= 32) rLo |= cin << (count - 1);
        else rHi |= cin << (count - 33);
        cf = bit64(lo, hi, 64 - count);
        setCarryOverflow(c, cf, (rHi >>> 31) ^ cf);
      } else {
        rLo = shr64(lo, hi, count);
        rHi = outHi;
        rLo |= shl64(lo, hi, 65 - count);
        rHi |= outHi;
        if (count <= 32) rHi |= cin << (32 - count);
        else rLo |= cin << (64 - count);
        cf = bit64(lo, hi, count - 1);
        setCarryOverflow(c, cf, ((rHi >>> 31) ^ (rHi >>> 30)) & 1);
      }
      break;
    }
    case SHR:
      rLo = shr64(lo, hi, count);
      rHi = outHi;
      cf = bit64(lo, hi, count - 1);
      setArithFlags(
        c,
        szp64(rLo, rHi) | AF | (cf ? CF : 0) | (((rHi >>> 31) ^ (rHi >>> 30)) & 1 ? OF : 0),
      );
      break;
    case SAR:
      if (count < 32) {
        rLo = (lo >>> count) | (hi << (32 - count));
        rHi = hi >> count;
      } else {
        rLo = hi >> (count - 32);
        rHi = hi >> 31;
      }
      cf = bit64(lo, hi, count - 1);
      setArithFlags(c, szp64(rLo, rHi) | AF | (cf ? CF : 0));
      break;
    default:
      rLo = shl64(lo, hi, count);
      rHi = outHi;
      cf = bit64(lo, hi, 64 - count);
      setArithFlags(c, szp64(rLo, rHi) | AF | (cf ? CF : 0) | ((rHi >>> 31) ^ cf ? OF : 0));
  }
  outHi = rHi;
  return rLo;
}

/** 0F A4/A5 shld, 0F AC/AD shrd. i.op bit 0: right; bit 1: the count is CL, else imm8. */
export function shiftDouble(c: Cpu, i: Insn): void {
  const size = i.osize;
  const right = (i.op & 1) !== 0;
  const raw = i.op & 2 ? c.gpr[RCX_LO] : i.imm;
  const count = raw & (size === 8 ? 63 : 31);
  const g = c.gpr;
  const s = i.reg << 1;
  if (size === 8) {
    let lo: number;
    let hi: number;
    let aLo = 0;
    let aHi = 0;
    if (i.rm >= 0) {
      if (count === 0) return;
      lo = g[i.rm << 1];
      hi = g[(i.rm << 1) + 1];
    } else {
      aLo = ea(c, i);
      aHi = c.tmp[1];
      probeWrite(c, aLo, aHi, 8);
      if (count === 0) return;
      lo = read64(c, aLo, aHi);
      hi = c.tmp[0];
    }
    const rLo = double64(c, right, lo, hi, g[s], g[s + 1], count);
    if (i.rm >= 0) {
      g[i.rm << 1] = rLo;
      g[(i.rm << 1) + 1] = outHi;
    } else write64(c, aLo, aHi, rLo, outHi);
    return;
  }
  const src = getReg(g, i.reg, size);
  if (i.rm >= 0) {
    const v = getReg(g, i.rm, size);
    setReg(g, i.rm, size, count === 0 ? v : double32(c, right, size, v, src, count));
    return;
  }
  const lo = ea(c, i);
  const hi = c.tmp[1];
  probeWrite(c, lo, hi, size);
  if (count === 0) return;
  const v = readMem(c, lo, hi, size);
  writeMem(c, lo, hi, size, double32(c, right, size, v, src, count));
}

/**
 * shld/shrd of a 2- or 4-byte destination by a nonzero count. A 16-bit shift by 17-31 is
 * undefined in the manuals; this host then shifts dst:src:src (shld) or src:src:dst (shrd) as
 * one 48-bit value, and reports CF = 0 and, for shld, OF = 0.
 */
function double32(c: Cpu, right: boolean, size: number, d: number, s: number, count: number) {
  const bits = size * 8;
  let r: number;
  let cf: number;
  let of: number;
  if (size === 2 && count > 16) {
    const ss = (s << 16) | s;
    r = (right ? ss >>> (count - 16) : ss >>> (32 - count)) & 0xffff;
    cf = 0;
    of = right ? ((r >>> 15) ^ (r >>> 14)) & 1 : 0;
  } else if (size === 2) {
    // count 1..16 on d:s (shld) or s:d (shrd) as one 32-bit value.
    if (right) {
      r = (((s << 16) | d) >>> count) & 0xffff;
      cf = (d >>> (count - 1)) & 1;
      of = ((r >>> 15) ^ (r >>> 14)) & 1;
    } else {
      r = ((((d << 16) | s) << count) >>> 16) & 0xffff;
      cf = (d >>> (16 - count)) & 1;
      // At count 16 the result is all source; OF then follows CF alone.
      of = (count < 16 ? (r >>> 15) & 1 : 0) ^ cf;
    }
  } else if (right) {
    r = (d >>> count) | (s << (bits - count));
    cf = (d >>> (count - 1)) & 1;
    of = ((r >>> 31) ^ (r >>> 30)) & 1;
  } else {
    r = (d << count) | (s >>> (bits - count));
    cf = (d >>> (bits - count)) & 1;
    of = (r >>> 31) ^ cf;
  }
  setArithFlags(c, szp(r, size) | AF | (cf ? CF : 0) | (of ? OF : 0));
  return r;
}

/** shld/shrd of a 64-bit destination by a count of 1..63: lo returned, hi in outHi. */
function double64(
  c: Cpu,
  right: boolean,
  dLo: number,
  dHi: number,
  sLo: number,
  sHi: number,
  count: number,
): number {
  let rLo: number;
  let rHi: number;
  let cf: number;
  let of: number;
  if (right) {
    rLo = shr64(dLo, dHi, count);
    rHi = outHi;
    rLo |= shl64(sLo, sHi, 64 - count);
    rHi |= outHi;
    cf = bit64(dLo, dHi, count - 1);
    of = ((rHi >>> 31) ^ (rHi >>> 30)) & 1;
  } else {
    rLo = shl64(dLo, dHi, count);
    rHi = outHi;
    rLo |= shr64(sLo, sHi, 64 - count);
    rHi |= outHi;
    cf = bit64(dLo, dHi, 64 - count);
    of = (rHi >>> 31) ^ cf;
  }
  setArithFlags(c, szp64(rLo, rHi) | AF | (cf ? CF : 0) | (of ? OF : 0));
  outHi = rHi;
  return rLo;
}
