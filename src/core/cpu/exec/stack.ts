import type { Cpu } from '../cpu.ts';
import type { Insn } from '../decode/insn.ts';
import { addLinear, read16, read32, read64, write16, write32, write64 } from '../../mmu/access.ts';
import { RSP, SS } from '../registers.ts';
import { readE64, readE, writeE, writeE64 } from './operands.ts';

/** SS.B: a 32-bit stack pointer outside 64-bit mode (else SP). */
function bigStack(c: Cpu): boolean {
  return (c.segAttr[SS] & (1 << 22)) !== 0;
}

/**
 * Pushes a value of 2, 4 or 8 bytes. The store comes first so a faulting push leaves RSP
 * unchanged. Outside 64-bit mode the stack wraps at the SS.B size and SS's base is added.
 */
export function push(c: Cpu, size: number, lo: number, hi: number): void {
  const g = c.gpr;
  c.seg = SS;
  if (c.mode === 64) {
    const spLo = addLinear(c, g[RSP << 1], g[(RSP << 1) + 1], -size);
    const spHi = c.tmp[1];
    if (size === 8) write64(c, spLo, spHi, lo, hi);
    else write16(c, spLo, spHi, lo);
    g[RSP << 1] = spLo;
    g[(RSP << 1) + 1] = spHi;
    return;
  }
  const big = bigStack(c);
  const sp = big ? (g[RSP << 1] - size) | 0 : (g[RSP << 1] - size) & 0xffff;
  const lin = (sp + c.segBaseLo[SS]) | 0;
  if (size === 4) write32(c, lin, 0, lo);
  else write16(c, lin, 0, lo);
  g[RSP << 1] = big ? sp : (g[RSP << 1] & ~0xffff) | sp;
}

/** Reads the value on top of the stack (2, 4 or 8 bytes; 8 leaves hi in c.tmp[0]) without popping. */
export function peek(c: Cpu, size: number, offset = 0): number {
  const g = c.gpr;
  c.seg = SS;
  if (c.mode === 64) {
    const lo = addLinear(c, g[RSP << 1], g[(RSP << 1) + 1], offset);
    if (size === 8) return read64(c, lo, c.tmp[1]);
    return read16(c, lo, c.tmp[1]);
  }
  const sp = bigStack(c) ? (g[RSP << 1] + offset) | 0 : (g[RSP << 1] + offset) & 0xffff;
  const lin = (sp + c.segBaseLo[SS]) | 0;
  return size === 4 ? read32(c, lin, 0) : read16(c, lin, 0);
}

/** Moves the stack pointer by `delta` bytes, wrapping as the stack size says. */
export function adjustSp(c: Cpu, delta: number): void {
  const g = c.gpr;
  if (c.mode === 64) {
    g[RSP << 1] = addLinear(c, g[RSP << 1], g[(RSP << 1) + 1], delta);
    g[(RSP << 1) + 1] = c.tmp[1];
  } else if (bigStack(c)) g[RSP << 1] = (g[RSP << 1] + delta) | 0;
  else g[RSP << 1] = (g[RSP << 1] & ~0xffff) | ((g[RSP << 1] + delta) & 0xffff);
}

/** Pops 2, 4 or 8 bytes: returns lo (hi in c.tmp[0] for 8). */
export function pop(c: Cpu, size: number): number {
  const v = peek(c, size);
  const hi = c.tmp[0];
  adjustSp(c, size);
  c.tmp[0] = hi;
  return v;
}

/** 50+r: push r16/r64 (r32 outside 64-bit mode). */
export function pushZ(c: Cpu, i: Insn): void {
  const k = i.reg << 1;
  push(c, i.osize, c.gpr[k], c.gpr[k + 1]);
}

/** 58+r: pop r16/r64. */
export function popZ(c: Cpu, i: Insn): void {
  const v = pop(c, i.osize);
  const g = c.gpr;
  const k = i.reg << 1;
  if (i.osize === 8) {
    g[k] = v;
    g[k + 1] = c.tmp[0];
  } else if (i.osize === 4) {
    g[k] = v;
    g[k + 1] = 0;
  } else g[k] = (g[k] & ~0xffff) | (v & 0xffff);
}

/** 68/6A: push imm (sign-extended to the operand size). */
export function pushI(c: Cpu, i: Insn): void {
  push(c, i.osize, i.imm, i.immHi);
}

/** FF /6: push r/m. */
export function pushE(c: Cpu, i: Insn): void {
  if (i.osize === 8) {
    const lo = readE64(c, i);
    push(c, 8, lo, c.tmp[0]);
  } else push(c, i.osize, readE(c, i, i.osize), 0);
}

/**
 * 8F /0: pop r/m. The value is read first; a memory destination's address is computed with
 * RSP already incremented (SDM: "pop [rsp]" uses the new RSP), and if that store faults,
 * RSP goes back, so the instruction has no effect.
 */
export function popE(c: Cpu, i: Insn): void {
  const size = i.osize;
  const g = c.gpr;
  const spLo = g[RSP << 1];
  const spHi = g[(RSP << 1) + 1];
  const v = pop(c, size);
  const hi = c.tmp[0];
  try {
    if (size === 8) writeE64(c, i, v, hi);
    else writeE(c, i, size, v);
  } catch (e) {
    g[RSP << 1] = spLo;
    g[(RSP << 1) + 1] = spHi;
    throw e;
  }
}
