import type { Cpu } from '../cpu.ts';
import type { Insn } from '../decode/insn.ts';
import { CF, OF, PARITY, PF, ZF } from '../flags.ts';
import { arithFlags, isOverflow, setArithFlags } from '../lazy-flags.ts';
import { probeWrite, read64, write64 } from '../../mmu/access.ts';
import {
  ea,
  eaOffset,
  getReg,
  linear,
  readE64,
  readMem,
  setReg,
  signExtend,
  writeMem,
} from './operands.ts';
import { carryOf } from '../../pair.ts';

/** Single-bit instructions: bt/bts/btr/btc, the bit scans and counts, and bswap. */

/** bt kinds, i.op of 0F A3/AB/B3/BB and of 0F BA /4-/7. */
export const BT = 0;
export const BTS = 1;
export const BTR = 2;
export const BTC = 3;

/** Scan kinds, i.op of 0F BC/BD/B8. */
export const BSF = 0;
export const BSR = 1;
export const TZCNT = 2;
export const LZCNT = 3;
export const POPCNT = 4;
/** Bit `b` of v into CF (the other flags stay); returns v after bts/btr/btc (bt stores nothing). */
function bitOp(c: Cpu, op: number, v: number, b: number): number {
  setArithFlags(c, (arithFlags(c) & ~CF) | ((v >>> b) & 1));
  const m = 1 << b;
  if (op === BTS) return v | m;
  if (op === BTR) return v & ~m;
  return v ^ m;
}

/** The register form: the bit offset is taken modulo the operand width. */
function bitTestReg(c: Cpu, i: Insn, offset: number): void {
  const g = c.gpr;
  const size = i.osize;
  const op = i.op;
  if (size === 8) {
    // The dword holding the bit: the high one for offsets 32-63.
    const k = (i.rm << 1) + ((offset >> 5) & 1);
    const r = bitOp(c, op, g[k], offset & 31);
    if (op !== BT) g[k] = r;
    return;
  }
  const v = getReg(g, i.rm, size);
  const r = bitOp(c, op, v, offset & (size * 8 - 1));
  if (op !== BT) setReg(g, i.rm, size, r);
}

/** The memory form at linear (lo, hi) with the bit already reduced to the operand. */
function bitTestMem(c: Cpu, i: Insn, lo: number, hi: number, b: number): void {
  const size = i.osize;
  const op = i.op;
  if (op !== BT) probeWrite(c, lo, hi, size);
  if (size === 8) {
    let vLo = read64(c, lo, hi);
    let vHi = c.tmp[0];
    if (b < 32) vLo = bitOp(c, op, vLo, b);
    else vHi = bitOp(c, op, vHi, b - 32);
    if (op !== BT) write64(c, lo, hi, vLo, vHi);
    return;
  }
  const r = bitOp(c, op, readMem(c, lo, hi, size), b);
  if (op !== BT) writeMem(c, lo, hi, size, r);
}

/** 0F BA /4-/7: bt* r/m, imm8. The offset is masked for memory operands too. */
export function bitTestI(c: Cpu, i: Insn): void {
  const b = i.imm & (i.osize * 8 - 1);
  if (i.rm >= 0) bitTestReg(c, i, b);
  else {
    const lo = ea(c, i);
    bitTestMem(c, i, lo, c.tmp[1], b);
  }
}

/**
 * 0F A3/AB/B3/BB: bt* r/m, reg. On memory the offset is a signed number of bits from the
 * operand's address, so the instruction reaches the operand-sized word at
 * address + (offset >> log2(width)) * size: (offset >> 3) with the low bits cleared.
 */
export function bitTestG(c: Cpu, i: Insn): void {
  const size = i.osize;
  const g = c.gpr;
  const k = i.reg << 1;
  const offset = g[k];
  if (i.rm >= 0) {
    bitTestReg(c, i, offset);
    return;
  }
  let dLo: number;
  let dHi: number;
  if (size === 8) {
    const oHi = g[k + 1];
    dLo = ((oHi << 29) | (offset >>> 3)) & ~7;
    dHi = oHi >> 3;
  } else {
    dLo = (signExtend(offset, size) >> 3) & ~(size - 1);
    dHi = dLo >> 31;
  }
  let lo = eaOffset(c, i);
  let hi = c.tmp[1];
  if (i.asize === 8) {
    const s = (lo >>> 0) + (dLo >>> 0);
    lo = s | 0;
    hi = (hi + dHi + carryOf(s, lo)) | 0;
  } else lo = i.asize === 4 ? (lo + dLo) | 0 : (lo + dLo) & 0xffff;
  lo = linear(c, i.seg, lo, hi);
  bitTestMem(c, i, lo, c.tmp[1], offset & (size * 8 - 1));
}

function ctz32(v: number): number {
  return 31 - Math.clz32(v & -v);
}

function popcount32(v: number): number {
  v -= (v >>> 1) & 0x55555555;
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  v = (v + (v >>> 4)) & 0x0f0f0f0f;
  return Math.imul(v, 0x01010101) >>> 24;
}

/**
 * 0F BC bsf, 0F BD bsr, F3 0F BC tzcnt, F3 0F BD lzcnt, F3 0F B8 popcnt: reg = f(r/m).
 * On Zen 3 a zero source leaves bsf/bsr's destination alone (all 64 bits) with ZF = PF = 1,
 * and otherwise their flags are those of the index (PF from it, the rest 0 but ZF clear);
 * tzcnt/lzcnt keep OF and clear SF AF PF.
 */
export function bitScan(c: Cpu, i: Insn): void {
  const size = i.osize;
  const kind = i.op & 7;
  let lo: number;
  let hi = 0;
  if (size === 8) {
    lo = readE64(c, i);
    hi = c.tmp[0];
  } else lo = i.rm >= 0 ? getReg(c.gpr, i.rm, size) : readMem(c, ea(c, i), c.tmp[1], size);
  const zero = (lo | hi) === 0;
  const bits = size * 8;
  let r: number;
  switch (kind) {
    case BSF:
    case BSR:
      if (zero) {
        setArithFlags(c, ZF | PF);
        return;
      }
      if (kind === BSF) r = lo !== 0 ? ctz32(lo) : 32 + ctz32(hi);
      else r = hi !== 0 ? 63 - Math.clz32(hi) : 31 - Math.clz32(lo);
      setArithFlags(c, PARITY[r]);
      break;
    case TZCNT:
    case LZCNT:
      if (zero) r = bits;
      else if (kind === TZCNT) r = lo !== 0 ? ctz32(lo) : 32 + ctz32(hi);
      else if (size === 8) r = hi !== 0 ? Math.clz32(hi) : 32 + Math.clz32(lo);
      else r = Math.clz32(lo) - (32 - bits);
      setArithFlags(c, (zero ? CF : 0) | (r === 0 ? ZF : 0) | (isOverflow(c) ? OF : 0));
      break;
    default:
      r = popcount32(lo) + popcount32(hi);
      setArithFlags(c, zero ? ZF : 0);
  }
  const g = c.gpr;
  if (size === 8) {
    g[i.reg << 1] = r;
    g[(i.reg << 1) + 1] = 0;
  } else setReg(g, i.reg, size, r);
}

function swap32(v: number): number {
  return (v << 24) | ((v & 0xff00) << 8) | ((v >>> 8) & 0xff00) | (v >>> 24);
}

/** 0F C8+r: bswap. With a 16-bit operand (undefined in the manuals) Zen 3 writes 0. */
export function bswap(c: Cpu, i: Insn): void {
  const g = c.gpr;
  const k = i.reg << 1;
  if (i.osize === 8) {
    const lo = g[k];
    g[k] = swap32(g[k + 1]);
    g[k + 1] = swap32(lo);
  } else if (i.osize === 4) setReg(g, i.reg, 4, swap32(g[k]));
  else setReg(g, i.reg, 2, 0);
}
