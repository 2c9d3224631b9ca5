import type { Cpu } from '../cpu.ts';
import type { Insn } from '../decode/insn.ts';
import { GP } from '../fault.ts';
import { ZF } from '../flags.ts';
import { arithFlags, setArithFlags } from '../lazy-flags.ts';
import { addLinear, probeWrite, read64, write64 } from '../../mmu/access.ts';
import { alu, alu64, ALU_ADD, ALU_CMP } from './alu.ts';
import { ea, getReg, readMem, setReg, writeMem } from './operands.ts';
import { raise } from './raise.ts';

/**
 * xchg, xadd, cmpxchg and cmpxchg8b/16b. One CPU runs one instruction at a time, so the
 * atomicity of the locked forms comes free; what matters is the order of the writes when
 * both operands name the same register, and that memory is probed before anything changes.
 */

const RAX = 0;
const RCX = 1;
const RDX = 2;
const RBX = 3;

/** 86/87: xchg r/m, reg. */
export function xchgEG(c: Cpu, i: Insn): void {
  const g = c.gpr;
  const size = i.osize;
  const k = i.reg << 1;
  if (size === 8) {
    const sLo = g[k];
    const sHi = g[k + 1];
    if (i.rm >= 0) {
      const m = i.rm << 1;
      g[k] = g[m];
      g[k + 1] = g[m + 1];
      g[m] = sLo;
      g[m + 1] = sHi;
      return;
    }
    const lo = ea(c, i);
    const hi = c.tmp[1];
    probeWrite(c, lo, hi, 8);
    const vLo = read64(c, lo, hi);
    const vHi = c.tmp[0];
    write64(c, lo, hi, sLo, sHi);
    g[k] = vLo;
    g[k + 1] = vHi;
    return;
  }
  const s = getReg(g, i.reg, size);
  if (i.rm >= 0) {
    const v = getReg(g, i.rm, size);
    setReg(g, i.rm, size, s);
    setReg(g, i.reg, size, v);
    return;
  }
  const lo = ea(c, i);
  const hi = c.tmp[1];
  probeWrite(c, lo, hi, size);
  const v = readMem(c, lo, hi, size);
  writeMem(c, lo, hi, size, s);
  setReg(g, i.reg, size, v);
}

/** 90+r: xchg reg, rAX. Register 0 (plain 90, also with 66 or REX.W) is nop: even the 32-bit
 * form leaves RAX's high dword alone. */
export function xchgZ(c: Cpu, i: Insn): void {
  const r = i.reg;
  if (r === RAX) return;
  const g = c.gpr;
  const size = i.osize;
  if (size === 8) {
    const k = r << 1;
    const lo = g[k];
    const hi = g[k + 1];
    g[k] = g[0];
    g[k + 1] = g[1];
    g[0] = lo;
    g[1] = hi;
    return;
  }
  const v = getReg(g, r, size);
  setReg(g, r, size, getReg(g, RAX, size));
  setReg(g, RAX, size, v);
}

/** 0F C0/C1: xadd r/m, reg: reg gets the old r/m, r/m the sum (written last, so it wins when
 * both are the same register). */
export function xadd(c: Cpu, i: Insn): void {
  const g = c.gpr;
  const size = i.osize;
  const k = i.reg << 1;
  if (size === 8) {
    const sLo = g[k];
    const sHi = g[k + 1];
    if (i.rm >= 0) {
      const m = i.rm << 1;
      const dLo = g[m];
      const dHi = g[m + 1];
      const r = alu64(c, ALU_ADD, dLo, dHi, sLo, sHi);
      g[k] = dLo;
      g[k + 1] = dHi;
      g[m] = r;
      g[m + 1] = c.tmp[0];
      return;
    }
    const lo = ea(c, i);
    const hi = c.tmp[1];
    probeWrite(c, lo, hi, 8);
    const dLo = read64(c, lo, hi);
    const dHi = c.tmp[0];
    const r = alu64(c, ALU_ADD, dLo, dHi, sLo, sHi);
    write64(c, lo, hi, r, c.tmp[0]);
    g[k] = dLo;
    g[k + 1] = dHi;
    return;
  }
  const s = getReg(g, i.reg, size);
  if (i.rm >= 0) {
    const d = getReg(g, i.rm, size);
    const r = alu(c, ALU_ADD, size, d, s);
    setReg(g, i.reg, size, d);
    setReg(g, i.rm, size, r);
    return;
  }
  const lo = ea(c, i);
  const hi = c.tmp[1];
  probeWrite(c, lo, hi, size);
  const d = readMem(c, lo, hi, size);
  writeMem(c, lo, hi, size, alu(c, ALU_ADD, size, d, s));
  setReg(g, i.reg, size, d);
}

/**
 * 0F B0/B1: cmpxchg r/m, reg. Compares the accumulator with r/m (flags as cmp); equal: r/m =
 * reg, else the accumulator = r/m. A memory operand is written either way (the old value goes
 * back), as the locked bus cycle does.
 */
export function cmpxchg(c: Cpu, i: Insn): void {
  const g = c.gpr;
  const size = i.osize;
  let lo = 0;
  let hi = 0;
  if (i.rm < 0) {
    lo = ea(c, i);
    hi = c.tmp[1];
    probeWrite(c, lo, hi, size);
  }
  if (size === 8) {
    let dLo: number;
    let dHi: number;
    if (i.rm >= 0) {
      dLo = g[i.rm << 1];
      dHi = g[(i.rm << 1) + 1];
    } else {
      dLo = read64(c, lo, hi);
      dHi = c.tmp[0];
    }
    alu64(c, ALU_CMP, g[0], g[1], dLo, dHi);
    if (g[0] === dLo && g[1] === dHi) {
      const k = i.reg << 1;
      if (i.rm >= 0) {
        g[i.rm << 1] = g[k];
        g[(i.rm << 1) + 1] = g[k + 1];
      } else write64(c, lo, hi, g[k], g[k + 1]);
    } else {
      if (i.rm < 0) write64(c, lo, hi, dLo, dHi);
      g[0] = dLo;
      g[1] = dHi;
    }
    return;
  }
  const d = i.rm >= 0 ? getReg(g, i.rm, size) : readMem(c, lo, hi, size);
  const acc = getReg(g, RAX, size);
  alu(c, ALU_CMP, size, acc, d);
  const equal = acc === d;
  if (i.rm >= 0) {
    if (equal) setReg(g, i.rm, size, getReg(g, i.reg, size));
    else setReg(g, RAX, size, d);
    return;
  }
  writeMem(c, lo, hi, size, equal ? getReg(g, i.reg, size) : d);
  if (!equal) setReg(g, RAX, size, d);
}

/**
 * 0F C7 /1: cmpxchg8b m64 (osize 4) and, with REX.W, cmpxchg16b m128 (osize 8, which must be
 * 16-byte aligned or #GP(0)). Compares rDX:rAX with memory: equal stores rCX:rBX and sets ZF;
 * otherwise loads memory into rDX:rAX and clears ZF. No other flag changes.
 */
export function cmpxchgWide(c: Cpu, i: Insn): void {
  const g = c.gpr;
  const lo = ea(c, i);
  const hi = c.tmp[1];
  if (i.osize === 4) {
    probeWrite(c, lo, hi, 8);
    const mLo = read64(c, lo, hi);
    const mHi = c.tmp[0];
    const equal = mLo === g[RAX << 1] && mHi === g[RDX << 1];
    if (equal) write64(c, lo, hi, g[RBX << 1], g[RCX << 1]);
    else {
      write64(c, lo, hi, mLo, mHi);
      setReg(g, RAX, 4, mLo);
      setReg(g, RDX, 4, mHi);
    }
    setArithFlags(c, (arithFlags(c) & ~ZF) | (equal ? ZF : 0));
    return;
  }
  if ((lo & 15) !== 0) raise(c, GP, 0, 'cmpxchg16b operand not 16-byte aligned');
  probeWrite(c, lo, hi, 16);
  const lo2 = addLinear(c, lo, hi, 8);
  const hi2 = c.tmp[1];
  const aLo = read64(c, lo, hi);
  const aHi = c.tmp[0];
  const bLo = read64(c, lo2, hi2);
  const bHi = c.tmp[0];
  const equal = aLo === g[0] && aHi === g[1] && bLo === g[4] && bHi === g[5];
  if (equal) {
    write64(c, lo, hi, g[RBX << 1], g[(RBX << 1) + 1]);
    write64(c, lo2, hi2, g[RCX << 1], g[(RCX << 1) + 1]);
  } else {
    write64(c, lo, hi, aLo, aHi);
    write64(c, lo2, hi2, bLo, bHi);
    g[0] = aLo;
    g[1] = aHi;
    g[4] = bLo;
    g[5] = bHi;
  }
  setArithFlags(c, (arithFlags(c) & ~ZF) | (equal ? ZF : 0));
}
