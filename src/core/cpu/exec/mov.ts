import type { Cpu } from '../cpu.ts';
import type { Insn } from '../decode/insn.ts';
import { read64, write64 } from '../../mmu/access.ts';
import {
  eaOffset,
  getReg,
  linear,
  readE,
  readE64,
  readMem,
  setReg,
  signExtend,
  writeE,
  writeE64,
  writeMem,
} from './operands.ts';

/** 88/89: mov r/m, reg. */
export function movEG(c: Cpu, i: Insn): void {
  const g = c.gpr;
  if (i.osize === 8) writeE64(c, i, g[i.reg << 1], g[(i.reg << 1) + 1]);
  else writeE(c, i, i.osize, getReg(g, i.reg, i.osize));
}

/** 8A/8B: mov reg, r/m. */
export function movGE(c: Cpu, i: Insn): void {
  const g = c.gpr;
  if (i.osize === 8) {
    const lo = readE64(c, i);
    g[i.reg << 1] = lo;
    g[(i.reg << 1) + 1] = c.tmp[0];
  } else setReg(g, i.reg, i.osize, readE(c, i, i.osize));
}

/** B0-BF: mov reg, imm (imm64 with REX.W). */
export function movZI(c: Cpu, i: Insn): void {
  if (i.osize === 8) {
    c.gpr[i.reg << 1] = i.imm;
    c.gpr[(i.reg << 1) + 1] = i.immHi;
  } else setReg(c.gpr, i.reg, i.osize, i.imm);
}

/** C6/C7 /0: mov r/m, imm (imm32 sign-extended for 64-bit operands). */
export function movEI(c: Cpu, i: Insn): void {
  if (i.osize === 8) writeE64(c, i, i.imm, i.immHi);
  else writeE(c, i, i.osize, i.imm);
}

/** 8D: lea reg, m: the offset only (no segment base), truncated to the operand size. */
export function lea(c: Cpu, i: Insn): void {
  const lo = eaOffset(c, i);
  if (i.osize === 8) {
    c.gpr[i.reg << 1] = lo;
    c.gpr[(i.reg << 1) + 1] = c.tmp[1];
  } else setReg(c.gpr, i.reg, i.osize, lo);
}

/** 0F B6/B7: movzx reg, r/m8/16. i.op is the source size. */
export function movzx(c: Cpu, i: Insn): void {
  const v = readE(c, i, i.op);
  setMovResult(c, i, v >>> 0, 0);
}

/** 0F BE/BF, and 63 (movsxd): movsx reg, r/m8/16/32. i.op is the source size. */
export function movsx(c: Cpu, i: Insn): void {
  const v = signExtend(readE(c, i, i.op), i.op);
  setMovResult(c, i, v, v >> 31);
}

function setMovResult(c: Cpu, i: Insn, lo: number, hi: number): void {
  if (i.osize === 8) {
    c.gpr[i.reg << 1] = lo;
    c.gpr[(i.reg << 1) + 1] = hi;
  } else setReg(c.gpr, i.reg, i.osize, lo);
}

/** A0-A3: mov AL/rAX, moffs and back. i.op: 0 load, 1 store. The offset is an
 * address-size immediate (imm, immHi). */
export function movMoffs(c: Cpu, i: Insn): void {
  const off = i.asize === 2 ? i.imm & 0xffff : i.imm;
  const lo = linear(c, i.seg, off, i.asize === 8 ? i.immHi : 0);
  const hi = c.tmp[1];
  const g = c.gpr;
  if (i.op === 0) {
    if (i.osize === 8) {
      g[0] = read64(c, lo, hi);
      g[1] = c.tmp[0];
    } else setReg(g, 0, i.osize, readMem(c, lo, hi, i.osize));
  } else if (i.osize === 8) write64(c, lo, hi, g[0], g[1]);
  else writeMem(c, lo, hi, i.osize, getReg(g, 0, i.osize));
}

/** 90 and 0F 1F /0: nop (also pause, F3 90). */
export function nop(): void {}
