import type { Cpu } from '../cpu.ts';
import type { Insn } from '../decode/insn.ts';
import { CC_AUX } from '../state.ts';
import {
  isCarry,
  K_ADC,
  K_ADD,
  K_DEC,
  K_INC,
  K_LOGIC,
  K_SBB,
  K_SUB,
  setCc,
  setCc64,
} from '../lazy-flags.ts';
import { probeWrite, read64, write64 } from '../../mmu/access.ts';
import { ea, getReg, readE64, readMem, setReg, writeMem } from './operands.ts';

/**
 * The eight classic ALU operations in their ModRM.reg order (add or adc sbb and sub xor cmp),
 * the lazy-flag kind each records, and test/inc/dec/not/neg.
 */
export const ALU_ADD = 0;
export const ALU_OR = 1;
export const ALU_ADC = 2;
export const ALU_SBB = 3;
export const ALU_AND = 4;
export const ALU_SUB = 5;
export const ALU_XOR = 6;
export const ALU_CMP = 7;

const SIZE_INDEX = [0, 0, 1, 1, 2, 2, 2, 2, 3];

/** One ALU operation on values of 1, 2 or 4 bytes; records the flags; returns the result. */
export function alu(c: Cpu, op: number, size: number, a: number, b: number): number {
  const sz = SIZE_INDEX[size];
  let r: number;
  switch (op) {
    case ALU_ADD:
      r = (a + b) | 0;
      setCc(c, (K_ADD << 2) | sz, a, b, r);
      return r;
    case ALU_OR:
      r = a | b;
      setCc(c, (K_LOGIC << 2) | sz, a, b, r);
      return r;
    case ALU_ADC: {
      const cin = isCarry(c) ? 1 : 0;
      r = (a + b + cin) | 0;
      setCc(c, (K_ADC << 2) | sz, a, b, r);
      c.cc[CC_AUX] = cin;
      return r;
    }
    case ALU_SBB: {
      const cin = isCarry(c) ? 1 : 0;
      r = (a - b - cin) | 0;
      setCc(c, (K_SBB << 2) | sz, a, b, r);
      c.cc[CC_AUX] = cin;
      return r;
    }
    case ALU_AND:
      r = a & b;
      setCc(c, (K_LOGIC << 2) | sz, a, b, r);
      return r;
    case ALU_SUB:
    case ALU_CMP:
      r = (a - b) | 0;
      setCc(c, (K_SUB << 2) | sz, a, b, r);
      return r;
    default:
      r = a ^ b;
      setCc(c, (K_LOGIC << 2) | sz, a, b, r);
      return r;
  }
}

/** 64-bit ALU operation on pairs; returns lo and leaves hi in c.tmp[0]. */
export function alu64(c: Cpu, op: number, aLo: number, aHi: number, bLo: number, bHi: number) {
  let rLo: number;
  let rHi: number;
  let kind: number;
  const cin = (op === ALU_ADC || op === ALU_SBB) && isCarry(c) ? 1 : 0;
  switch (op) {
    case ALU_ADD:
    case ALU_ADC: {
      rLo = (aLo + bLo + cin) | 0;
      const carry = cin ? rLo >>> 0 <= aLo >>> 0 : rLo >>> 0 < aLo >>> 0;
      rHi = (aHi + bHi + (carry ? 1 : 0)) | 0;
      kind = op === ALU_ADC ? K_ADC : K_ADD;
      break;
    }
    case ALU_SUB:
    case ALU_SBB:
    case ALU_CMP: {
      rLo = (aLo - bLo - cin) | 0;
      const borrow = cin ? aLo >>> 0 <= bLo >>> 0 : aLo >>> 0 < bLo >>> 0;
      rHi = (aHi - bHi - (borrow ? 1 : 0)) | 0;
      kind = op === ALU_SBB ? K_SBB : K_SUB;
      break;
    }
    case ALU_OR:
      rLo = aLo | bLo;
      rHi = aHi | bHi;
      kind = K_LOGIC;
      break;
    case ALU_AND:
      rLo = aLo & bLo;
      rHi = aHi & bHi;
      kind = K_LOGIC;
      break;
    default:
      rLo = aLo ^ bLo;
      rHi = aHi ^ bHi;
      kind = K_LOGIC;
  }
  setCc64(c, kind, aLo, aHi, bLo, bHi, rLo, rHi);
  c.cc[CC_AUX] = cin;
  c.tmp[0] = rHi;
  return rLo;
}

/**
 * op r/m, src: the shared body of the Ev,Gv / Ev,Iz / Ev,Ib forms. cmp and test leave the
 * destination alone; `test` is ALU_AND without write-back (writeBack false).
 */
function aluIntoE(c: Cpu, i: Insn, op: number, bLo: number, bHi: number, writeBack: boolean) {
  const size = i.osize;
  const g = c.gpr;
  if (size === 8) {
    if (i.rm >= 0) {
      const k = i.rm << 1;
      const r = alu64(c, op, g[k], g[k + 1], bLo, bHi);
      if (writeBack) {
        g[k] = r;
        g[k + 1] = c.tmp[0];
      }
    } else {
      const lo = ea(c, i);
      const hi = c.tmp[1];
      if (writeBack) probeWrite(c, lo, hi, 8);
      const aLo = read64(c, lo, hi);
      const r = alu64(c, op, aLo, c.tmp[0], bLo, bHi);
      if (writeBack) write64(c, lo, hi, r, c.tmp[0]);
    }
    return;
  }
  if (i.rm >= 0) {
    const r = alu(c, op, size, getReg(g, i.rm, size), bLo);
    if (writeBack) setReg(g, i.rm, size, r);
  } else {
    const lo = ea(c, i);
    const hi = c.tmp[1];
    if (writeBack) probeWrite(c, lo, hi, size);
    const r = alu(c, op, size, readMem(c, lo, hi, size), bLo);
    if (writeBack) writeMem(c, lo, hi, size, r);
  }
}

/** 00-3F: op Eb,Gb / Ev,Gv. */
export function aluEG(c: Cpu, i: Insn): void {
  const g = c.gpr;
  if (i.osize === 8) {
    const k = i.reg << 1;
    aluIntoE(c, i, i.op, g[k], g[k + 1], i.op !== ALU_CMP);
  } else aluIntoE(c, i, i.op, getReg(g, i.reg, i.osize), 0, i.op !== ALU_CMP);
}

/** op Gb,Eb / Gv,Ev: the register is the destination. */
export function aluGE(c: Cpu, i: Insn): void {
  const g = c.gpr;
  const size = i.osize;
  if (size === 8) {
    const bLo = readE64(c, i);
    const bHi = c.tmp[0];
    const k = i.reg << 1;
    const r = alu64(c, i.op, g[k], g[k + 1], bLo, bHi);
    if (i.op !== ALU_CMP) {
      g[k] = r;
      g[k + 1] = c.tmp[0];
    }
    return;
  }
  const b = i.rm >= 0 ? getReg(g, i.rm, size) : readMem(c, ea(c, i), c.tmp[1], size);
  const r = alu(c, i.op, size, getReg(g, i.reg, size), b);
  if (i.op !== ALU_CMP) setReg(g, i.reg, size, r);
}

/** op AL,Ib / rAX,Iz and the 80/81/83 group: the immediate is the source. The decoder
 * points rm at register 0 for the accumulator forms. */
export function aluEI(c: Cpu, i: Insn): void {
  aluIntoE(c, i, i.op, i.imm, i.immHi, i.op !== ALU_CMP);
}

/** test Eb,Gb / Ev,Gv. */
export function testEG(c: Cpu, i: Insn): void {
  const g = c.gpr;
  if (i.osize === 8) aluIntoE(c, i, ALU_AND, g[i.reg << 1], g[(i.reg << 1) + 1], false);
  else aluIntoE(c, i, ALU_AND, getReg(g, i.reg, i.osize), 0, false);
}

/** test AL,Ib / rAX,Iz / F6,F7 /0 Ib,Iz. */
export function testEI(c: Cpu, i: Insn): void {
  aluIntoE(c, i, ALU_AND, i.imm, i.immHi, false);
}

/** inc/dec r/m (FE/FF /0 /1, 40-4F outside 64-bit mode): CF is kept. i.op: 0 inc, 1 dec. */
export function incDec(c: Cpu, i: Insn): void {
  const size = i.osize;
  const cf = isCarry(c) ? 1 : 0;
  const kind = i.op === 0 ? K_INC : K_DEC;
  const delta = i.op === 0 ? 1 : -1;
  const g = c.gpr;
  if (size === 8) {
    let lo: number;
    let hi: number;
    let addrLo = 0;
    let addrHi = 0;
    if (i.rm >= 0) {
      lo = g[i.rm << 1];
      hi = g[(i.rm << 1) + 1];
    } else {
      addrLo = ea(c, i);
      addrHi = c.tmp[1];
      probeWrite(c, addrLo, addrHi, 8);
      lo = read64(c, addrLo, addrHi);
      hi = c.tmp[0];
    }
    const rLo = (lo + delta) | 0;
    const rHi = i.op === 0 ? (rLo === 0 ? (hi + 1) | 0 : hi) : lo === 0 ? (hi - 1) | 0 : hi;
    if (i.rm >= 0) {
      g[i.rm << 1] = rLo;
      g[(i.rm << 1) + 1] = rHi;
    } else write64(c, addrLo, addrHi, rLo, rHi);
    setCc64(c, kind, lo, hi, 1, 0, rLo, rHi);
    c.cc[CC_AUX] = cf;
    return;
  }
  const sz = SIZE_INDEX[size];
  if (i.rm >= 0) {
    const a = getReg(g, i.rm, size);
    const r = (a + delta) | 0;
    setReg(g, i.rm, size, r);
    setCc(c, (kind << 2) | sz, a, 1, r);
  } else {
    const lo = ea(c, i);
    const hi = c.tmp[1];
    probeWrite(c, lo, hi, size);
    const a = readMem(c, lo, hi, size);
    const r = (a + delta) | 0;
    writeMem(c, lo, hi, size, r);
    setCc(c, (kind << 2) | sz, a, 1, r);
  }
  c.cc[CC_AUX] = cf;
}

/** not r/m (F6/F7 /2): no flags. neg r/m (/3): 0 - x with SUB flags. i.op: 2 not, 3 neg. */
export function notNeg(c: Cpu, i: Insn): void {
  const size = i.osize;
  const g = c.gpr;
  const neg = i.op === 3;
  if (size === 8) {
    let lo: number;
    let hi: number;
    let aLo = 0;
    let aHi = 0;
    if (i.rm >= 0) {
      lo = g[i.rm << 1];
      hi = g[(i.rm << 1) + 1];
    } else {
      aLo = ea(c, i);
      aHi = c.tmp[1];
      probeWrite(c, aLo, aHi, 8);
      lo = read64(c, aLo, aHi);
      hi = c.tmp[0];
    }
    let rLo: number;
    let rHi: number;
    if (neg) {
      rLo = alu64(c, ALU_SUB, 0, 0, lo, hi);
      rHi = c.tmp[0];
    } else {
      rLo = ~lo;
      rHi = ~hi;
    }
    if (i.rm >= 0) {
      g[i.rm << 1] = rLo;
      g[(i.rm << 1) + 1] = rHi;
    } else write64(c, aLo, aHi, rLo, rHi);
    return;
  }
  if (i.rm >= 0) {
    const a = getReg(g, i.rm, size);
    setReg(g, i.rm, size, neg ? alu(c, ALU_SUB, size, 0, a) : ~a);
  } else {
    const lo = ea(c, i);
    const hi = c.tmp[1];
    probeWrite(c, lo, hi, size);
    const a = readMem(c, lo, hi, size);
    writeMem(c, lo, hi, size, neg ? alu(c, ALU_SUB, size, 0, a) : ~a);
  }
}
