import type { Cpu } from '../cpu.ts';
import type { Insn } from '../decode/insn.ts';
import { GP, NM, UD } from '../fault.ts';
import { addLinear, probeWrite, read64, write64 } from '../../mmu/access.ts';
import { ea } from './operands.ts';
import { raise } from './raise.ts';

/**
 * What the SSE executors share: the availability checks every SSE instruction makes before
 * touching anything, and 128-bit operand access. XMM n is c.xmm[4n..4n+3], lowest dword first.
 */

/** CR0 and CR4 bits that gate the x87 FPU and SSE (SDM Vol. 3, 2.5 and table 13-1). */
export const CR0_MP = 1 << 1;
export const CR0_EM = 1 << 2;
export const CR0_TS = 1 << 3;
export const CR4_OSFXSR = 1 << 9;

/** The source operand, copied: handlers read it while writing a destination that may be the
 * same register. */
export const SRC = new Int32Array(4);
/** The destination's old value, for handlers whose result lanes mix lanes they already wrote. */
export const DST = new Int32Array(4);

/** #UD when SSE is off (CR0.EM, or an OS that has not set CR4.OSFXSR); #NM when CR0.TS asks
 * the OS to load this task's SSE state first. */
export function checkSse(c: Cpu): void {
  if ((c.cr0 & (CR0_EM | CR0_TS)) !== 0 || (c.cr4 & CR4_OSFXSR) === 0) sseUnavailable(c);
}

function sseUnavailable(c: Cpu): never {
  // Both come from decoding; invalid opcode ranks above device-not-available (SDM Vol. 3, 6.9).
  if ((c.cr0 & CR0_EM) !== 0) raise(c, UD, 0, 'SSE instruction with CR0.EM set');
  if ((c.cr4 & CR4_OSFXSR) === 0) raise(c, UD, 0, 'SSE instruction with CR4.OSFXSR clear');
  raise(c, NM, 0, 'SSE instruction with CR0.TS set');
}

/** The linear address of a memory operand that must be 16-byte aligned: #GP(0) if it is not,
 * before any access. lo returned, hi in c.tmp[1]. */
export function alignedEa(c: Cpu, i: Insn): number {
  const lo = ea(c, i);
  if ((lo & 15) !== 0) raise(c, GP, 0, 'misaligned 16-byte SSE memory operand');
  return lo;
}

/** Reads 16 bytes into dst[k..k+3]; dst is written only after both halves were read. */
export function read128(c: Cpu, lo: number, hi: number, dst: Int32Array, k: number): void {
  const a = read64(c, lo, hi);
  const b = c.tmp[0];
  const lo2 = addLinear(c, lo, hi, 8);
  const d = read64(c, lo2, c.tmp[1]);
  dst[k] = a;
  dst[k + 1] = b;
  dst[k + 2] = d;
  dst[k + 3] = c.tmp[0];
}

/** Writes src[k..k+3] as 16 bytes. A store crossing a page is checked whole first, so a fault
 * on the second page leaves the first untouched. */
export function write128(c: Cpu, lo: number, hi: number, src: Int32Array, k: number): void {
  if ((lo & 0xfff) > 0xff0) probeWrite(c, lo, hi, 16);
  write64(c, lo, hi, src[k], src[k + 1]);
  const lo2 = addLinear(c, lo, hi, 8);
  write64(c, lo2, c.tmp[1], src[k + 2], src[k + 3]);
}

/** The checks, then the W operand (XMM register or aligned m128) copied into SRC. */
export function srcX(c: Cpu, i: Insn): Int32Array {
  checkSse(c);
  const s = SRC;
  if (i.rm >= 0) {
    const x = c.xmm;
    const k = i.rm << 2;
    s[0] = x[k];
    s[1] = x[k + 1];
    s[2] = x[k + 2];
    s[3] = x[k + 3];
  } else {
    const lo = alignedEa(c, i);
    read128(c, lo, c.tmp[1], s, 0);
  }
  return s;
}

/** Copies XMM register `reg` into DST and returns DST. */
export function saveDst(c: Cpu, reg: number): Int32Array {
  const x = c.xmm;
  const k = reg << 2;
  const d = DST;
  d[0] = x[k];
  d[1] = x[k + 1];
  d[2] = x[k + 2];
  d[3] = x[k + 3];
  return d;
}
