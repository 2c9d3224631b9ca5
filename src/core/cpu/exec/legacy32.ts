import type { Cpu } from '../cpu.ts';
import type { Insn } from '../decode/insn.ts';
import { BR, DE } from '../fault.ts';
import { AF, CF, OF, PARITY, SF, ZF } from '../flags.ts';
import { arithFlags, K_ADD, setArithFlags, setCc, SZ8 } from '../lazy-flags.ts';
import { probeWrite, write16, write32 } from '../../mmu/access.ts';
import { RSP, SS } from '../registers.ts';
import { adjustSp, peek } from './stack.ts';
import { ea, getReg, readMem, setReg, signExtend } from './operands.ts';
import { raise } from './raise.ts';

/**
 * Integer instructions that exist only outside 64-bit mode (their opcodes mean something else,
 * or nothing, there): pusha/popa and the BCD adjustments. The flags the manuals leave undefined
 * for the BCD ones are those of the addition or subtraction Zen 3 performs, as measured on
 * the host in compatibility mode.
 */

/** What popa read, held until every read has succeeded. */
const popped = new Int32Array(8);

/** The linear address of the stack slot `below` bytes under SP, wrapped as SS.B says. */
function slotBelow(c: Cpu, sp: number, below: number): number {
  const big = (c.segAttr[SS] & (1 << 22)) !== 0;
  const off = big ? (sp - below) | 0 : (sp - below) & 0xffff;
  return (off + c.segBaseLo[SS]) | 0;
}

/**
 * 60: pusha/pushad: pushes rAX, rCX, rDX, rBX, the original rSP, rBP, rSI, rDI. Every slot is
 * probed before the first store, so a fault leaves memory and SP as they were.
 */
export function pusha(c: Cpu, i: Insn): void {
  const size = i.osize;
  const g = c.gpr;
  const sp = g[RSP << 1];
  c.seg = SS;
  for (let n = 1; n <= 8; n++) probeWrite(c, slotBelow(c, sp, n * size), 0, size);
  for (let n = 0; n < 8; n++) {
    const lin = slotBelow(c, sp, (n + 1) * size);
    if (size === 4) write32(c, lin, 0, g[n << 1]);
    else write16(c, lin, 0, g[n << 1]);
  }
  adjustSp(c, -8 * size);
}

/** 61: popa/popad: the reverse of pusha, except that the saved rSP is skipped. */
export function popa(c: Cpu, i: Insn): void {
  const size = i.osize;
  for (let n = 0; n < 8; n++) if (n !== RSP) popped[n] = peek(c, size, (7 - n) * size);
  const g = c.gpr;
  for (let n = 0; n < 8; n++) if (n !== RSP) setReg(g, n, size, popped[n]);
  adjustSp(c, 8 * size);
}

/** SF ZF PF of a 1- or 2-byte value. */
function szp(v: number, bits: number): number {
  return ((v >>> (bits - 1)) & 1 ? SF : 0) | (v === 0 ? ZF : 0) | PARITY[v & 0xff];
}

/**
 * 37 aaa (i.op 0), 3F aas (i.op 1): when AL's low nibble is above 9 or AF is set, AX += or
 * -= 0x106 and CF = AF = 1, else CF = AF = 0; then AL keeps its low nibble. SF ZF PF OF are
 * those of the 16-bit addition or subtraction (of 0 when there is nothing to adjust).
 */
export function asciiAdjust(c: Cpu, i: Insn): void {
  const g = c.gpr;
  const ax = g[0] & 0xffff;
  const adjust = (ax & 0xf) > 9 || (arithFlags(c) & AF) !== 0;
  const delta = adjust ? 0x106 : 0;
  const sub = i.op === 1;
  const r = (sub ? ax - delta : ax + delta) & 0xffff;
  const sign = (sub ? ax ^ delta : ~(ax ^ delta)) & (ax ^ r) & 0x8000;
  setArithFlags(c, szp(r, 16) | (sign ? OF : 0) | (adjust ? CF | AF : 0));
  g[0] = (g[0] & ~0xffff) | (r & 0xff0f);
}

/**
 * 27 daa (i.op 0), 2F das (i.op 1): the SDM's decimal adjustment of AL after an addition or
 * subtraction. OF is that of the one addition or subtraction of the whole adjustment
 * (0, 6, 0x60 or 0x66).
 */
export function decimalAdjust(c: Cpu, i: Insn): void {
  const g = c.gpr;
  const sub = i.op === 1;
  const old = g[0] & 0xff;
  const f = arithFlags(c);
  const oldCf = (f & CF) !== 0;
  let adjust = 0;
  let flags = 0;
  if ((old & 0xf) > 9 || (f & AF) !== 0) {
    adjust = 6;
    flags = AF | (oldCf || (sub ? old < 6 : old > 0xf9) ? CF : 0);
  }
  if (old > 0x99 || oldCf) {
    adjust += 0x60;
    flags |= CF;
  } else if (!sub) flags &= ~CF;
  const al = (sub ? old - adjust : old + adjust) & 0xff;
  const sign = (sub ? old ^ adjust : ~(old ^ adjust)) & (old ^ al) & 0x80;
  setArithFlags(c, szp(al, 8) | flags | (sign ? OF : 0));
  g[0] = (g[0] & ~0xff) | al;
}

/** D4 ib: aam: AH = AL / imm, AL = AL % imm (#DE for 0); SF ZF PF from AL, CF AF OF 0. */
export function aam(c: Cpu, i: Insn): void {
  const base = i.imm & 0xff;
  if (base === 0) raise(c, DE, 0, 'aam with a zero base');
  const g = c.gpr;
  const al = g[0] & 0xff;
  const r = al % base;
  g[0] = (g[0] & ~0xffff) | (((al - r) / base) << 8) | r;
  setArithFlags(c, szp(r, 8));
}

/** D5 ib: aad: AL = AL + AH * imm, AH = 0; the flags are those of that 8-bit addition. */
export function aad(c: Cpu, i: Insn): void {
  const g = c.gpr;
  const al = g[0] & 0xff;
  const product = (((g[0] >>> 8) & 0xff) * (i.imm & 0xff)) & 0xff;
  const r = (al + product) & 0xff;
  g[0] = (g[0] & ~0xffff) | r;
  setCc(c, (K_ADD << 2) | SZ8, al, product, r);
}

/**
 * 62 /r (outside 64-bit mode): bound r, m — raises #BR when the signed index in the register
 * is below the lower bound at [m] or above the upper bound at [m + operand size].
 */
export function bound(c: Cpu, i: Insn): void {
  const size = i.osize;
  const lo = ea(c, i);
  const lower = signExtend(readMem(c, lo, 0, size), size);
  const upper = signExtend(readMem(c, (lo + size) | 0, 0, size), size);
  const index = signExtend(getReg(c.gpr, i.reg, size), size);
  if (index < lower || index > upper) raise(c, BR, 0, 'bound: index out of range');
}
