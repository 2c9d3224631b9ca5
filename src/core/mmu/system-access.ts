import type { Cpu } from '../cpu/cpu.ts';
import { AC } from '../cpu/flags.ts';
import { addLinear, translate } from './access.ts';
import { ACC_READ, ACC_WRITE } from './paging-bits.ts';
import { T_R_SUP, T_W_SUP, tlbIndex } from './tlb.ts';

/**
 * Implicit supervisor-mode accesses (SDM Vol. 3, 4.6): reads and writes of the GDT, LDT,
 * IDT and TSS, and the stack pushes of an event delivered to a CPL < 3 handler. They use
 * supervisor rights whatever the CPL, and RFLAGS.AC never lifts SMAP for them, so a #PF
 * they raise has U/S = 0. Addresses are linear (lo, hi) pairs. None of these is on the
 * instruction hot path: a TLB hit still goes through PhysicalMemory.
 */

/** Translates with supervisor rights: runs `translate` as CPL 0 with AC clear. */
export function translateSupervisor(c: Cpu, lo: number, hi: number, access: number): number {
  const t = c.tlb;
  const i = tlbIndex(lo, hi);
  const need = access === ACC_WRITE ? T_W_SUP : T_R_SUP;
  if (t.tagLo[i] === (lo & ~0xfff) && t.tagHi[i] === hi && (t.perm[i] & need) !== 0)
    return t.physical(i) + (lo & 0xfff);
  const cpl = c.cpl;
  const flags = c.flags;
  c.cpl = 0;
  c.flags = flags & ~AC;
  try {
    return translate(c, lo, hi, access);
  } finally {
    c.cpl = cpl;
    c.flags = flags;
  }
}

/** Reads 1, 2 or 4 bytes (unsigned for 1 and 2, int32 for 4), byte by byte across a page end. */
export function sysRead(c: Cpu, lo: number, hi: number, size: 1 | 2 | 4): number {
  if ((lo & 0xfff) + size <= 4096) {
    const v = c.mem.read(translateSupervisor(c, lo, hi, ACC_READ), size);
    return size === 4 ? v | 0 : v;
  }
  let v = 0;
  for (let k = 0; k < size; k++) {
    const a = addLinear(c, lo, hi, k);
    v |= c.mem.read(translateSupervisor(c, a, c.tmp[1], ACC_READ), 1) << (8 * k);
  }
  return size === 4 ? v : v & 0xffff;
}

/** Reads 8 bytes: returns the low dword, the high one in c.tmp[0]. */
export function sysRead64(c: Cpu, lo: number, hi: number): number {
  const low = sysRead(c, lo, hi, 4);
  c.tmp[0] = sysRead(c, addLinear(c, lo, hi, 4), c.tmp[1], 4);
  return low;
}

/**
 * Writes 1, 2 or 4 bytes. Every page the store touches is translated before any byte is
 * stored, so a fault leaves memory as it was; decoded code on the page is dropped first.
 */
export function sysWrite(c: Cpu, lo: number, hi: number, size: 1 | 2 | 4, v: number): void {
  const p = translateSupervisor(c, lo, hi, ACC_WRITE);
  if ((lo & 0xfff) + size <= 4096) {
    store(c, p, size, v);
    return;
  }
  const first = 4096 - (lo & 0xfff);
  const a = addLinear(c, lo, hi, first);
  const p2 = translateSupervisor(c, a, c.tmp[1], ACC_WRITE);
  for (let k = 0; k < size; k++) store(c, k < first ? p + k : p2 + k - first, 1, v >>> (8 * k));
}

/** Writes 8 bytes, the high dword first so a fault on either page stores nothing of the low one. */
export function sysWrite64(c: Cpu, lo: number, hi: number, vLo: number, vHi: number): void {
  const a = addLinear(c, lo, hi, 4);
  translateSupervisor(c, lo, hi, ACC_WRITE);
  sysWrite(c, a, c.tmp[1], 4, vHi);
  sysWrite(c, lo, hi, 4, vLo);
}

function store(c: Cpu, p: number, size: 1 | 2 | 4, v: number): void {
  const frame = p - (p % 4096);
  if (c.blocks.isCodeFrame(frame)) c.invalidateCode(frame);
  c.mem.write(p, size, size === 1 ? v & 0xff : size === 2 ? v & 0xffff : v);
}
