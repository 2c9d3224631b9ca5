import type { Cpu } from '../cpu.ts';
import type { Insn } from '../decode/insn.ts';
import { GP, NP, UD } from '../fault.ts';
import { LDTR, TR } from '../registers.ts';
import {
  addLinear,
  probeWrite,
  read16,
  read32,
  write16,
  write32,
  write64,
} from '../../mmu/access.ts';
import { CR4_LA57, EFER_LMA } from '../../mmu/paging-bits.ts';
import { sysRead, sysWrite } from '../../mmu/system-access.ts';
import { ea, readE, writeE, writeE64 } from './operands.ts';
import { raise } from './raise.ts';

/**
 * The descriptor-table registers (GDTR, IDTR, LDTR, TR), the instructions that load and
 * store them, and reading a segment descriptor by selector. Table reads are implicit
 * supervisor accesses (mmu/system-access.ts): they work at CPL 3 on supervisor pages.
 */

/** Descriptor high-dword bits (SDM Vol. 3, 3.4.5). */
export const D_ACCESSED = 1 << 8;
/** Code: readable; data: writable. */
export const D_RW = 1 << 9;
/** Code: conforming; data: expand-down. TSS types: busy. */
export const D_CONFORMING = 1 << 10;
export const D_BUSY = 1 << 9;
export const D_CODE = 1 << 11;
/** S: a code or data segment (clear: a system segment or gate). */
export const D_S = 1 << 12;
export const D_P = 1 << 15;
export const D_L = 1 << 21;
export const D_DB = 1 << 22;
export const D_G = 1 << 23;
/** What the segment cache keeps of the high dword: type, S, DPL, P, AVL, L, D/B, G. */
export const ATTR_MASK = 0x00f0ff00;
/** The S bit and the four type bits as one 5-bit number, e.g. 0x09 = available 32/64-bit TSS. */
export const sysType = (hi: number): number => (hi >>> 8) & 0x1f;
export const dplOf = (hi: number): number => (hi >>> 13) & 3;
export const baseOf = (lo: number, hi: number): number =>
  (lo >>> 16) | ((hi & 0xff) << 16) | (hi & 0xff000000);
/** The byte limit: 20 bits, scaled by 4 KiB with G (as an int32: 0xffffffff is -1). */
export const limitOf = (lo: number, hi: number): number => {
  const raw = (lo & 0xffff) | (hi & 0xf0000);
  return (hi & D_G) !== 0 ? (raw << 12) | 0xfff : raw;
};

const TSS_AVAILABLE = 0x09;
const TSS16_AVAILABLE = 0x01;
const LDT_TYPE = 0x02;

/** Canonical: bits 63..47 (63..56 with LA57) of an address all equal. Takes the high dword. */
export function isCanonical(c: Cpu, hi: number): boolean {
  const shift = (c.cr4 & CR4_LA57) !== 0 ? 7 : 16;
  return (hi << shift) >> shift === hi;
}

export function hex(v: number, digits = 4): string {
  return (v >>> 0).toString(16).padStart(digits, '0');
}

/**
 * The linear address of the descriptor a selector names, in the GDT or (TI = 1) the LDT:
 * lo returned, hi in c.tmp[1]; null when the 8 bytes lie past the table's limit (or the
 * LDT is not loaded), which callers turn into #GP(selector) or #TS(selector).
 */
export function descriptorAddress(c: Cpu, sel: number): number | null {
  const index = sel & 0xfff8;
  if ((sel & 4) !== 0) {
    if ((c.segSel[LDTR] & 0xfffc) === 0 || (c.segAttr[LDTR] & D_P) === 0) return null;
    if (index + 7 > c.segLimit[LDTR] >>> 0) return null;
    return addLinear(c, c.segBaseLo[LDTR], c.segBaseHi[LDTR], index);
  }
  if (index + 7 > c.gdtr[2]) return null;
  return addLinear(c, c.gdtr[0], c.gdtr[1], index);
}

/** Reads the 8-byte descriptor at a linear address: lo returned, hi in c.tmp[0]. */
export function readDescriptor(c: Cpu, lo: number, hi: number): number {
  const low = sysRead(c, lo, hi, 4);
  c.tmp[0] = sysRead(c, addLinear(c, lo, hi, 4), c.tmp[1], 4);
  return low;
}

/** Sets the accessed bit of a code or data descriptor, as loading it does; returns the new hi. */
export function markAccessed(c: Cpu, lo: number, hi: number, descHi: number): number {
  if ((descHi & D_ACCESSED) !== 0) return descHi;
  sysWrite(c, addLinear(c, lo, hi, 5), c.tmp[1], 1, (descHi >>> 8) | 1);
  return descHi | D_ACCESSED;
}

/** Fills a segment cache slot (ES..GS, LDTR, TR) from a descriptor. */
export function loadCache(c: Cpu, seg: number, sel: number, lo: number, hi: number): void {
  c.segSel[seg] = sel;
  c.segBaseLo[seg] = baseOf(lo, hi);
  c.segBaseHi[seg] = 0;
  c.segLimit[seg] = limitOf(lo, hi);
  c.segAttr[seg] = hi & ATTR_MASK;
}

/** Real mode: no descriptor tables, so lldt/ltr/sldt/str do not exist (#UD). */
function requireProtected(c: Cpu, what: string): void {
  if ((c.cr0 & 1) === 0) raise(c, UD, 0, `${what} in real mode`);
}

/**
 * 0F 01 /2 lgdt, /3 lidt (i.op: 0 GDTR, 1 IDTR): a 16-bit limit then the base, 8 bytes in
 * 64-bit mode, else 4 (24 bits used with a 16-bit operand size). Both are read first.
 */
export function lgdtLidt(c: Cpu, i: Insn): void {
  if (c.cpl !== 0) raise(c, GP, 0, `${i.op === 0 ? 'lgdt' : 'lidt'} at CPL > 0`);
  const lo = ea(c, i);
  const hi = c.tmp[1];
  const limit = read16(c, lo, hi);
  const at = addLinear(c, lo, hi, 2);
  const atHi = c.tmp[1];
  let base = read32(c, at, atHi);
  let baseHi = 0;
  if (c.mode === 64) baseHi = read32(c, addLinear(c, at, atHi, 4), c.tmp[1]);
  else if (i.osize === 2) base &= 0xffffff;
  const r = i.op === 0 ? c.gdtr : c.idtr;
  r[0] = base;
  r[1] = baseHi;
  r[2] = limit;
}

/**
 * 0F 01 /0 sgdt, /1 sidt: stores the limit then the full base (8 bytes in 64-bit mode).
 * Allowed at any CPL: the CPU model has no UMIP.
 */
export function sgdtSidt(c: Cpu, i: Insn): void {
  const r = i.op === 0 ? c.gdtr : c.idtr;
  const lo = ea(c, i);
  const hi = c.tmp[1];
  probeWrite(c, lo, hi, c.mode === 64 ? 10 : 6);
  write16(c, lo, hi, r[2]);
  const at = addLinear(c, lo, hi, 2);
  if (c.mode === 64) write64(c, at, c.tmp[1], r[0], r[1]);
  else write32(c, at, c.tmp[1], r[0]);
}

/** 0F 00 /0 sldt, /1 str (i.op: LDTR or TR), at any CPL: a register gets the selector zero-extended. */
export function storeSystemSelector(c: Cpu, i: Insn): void {
  requireProtected(c, i.op === LDTR ? 'sldt' : 'str');
  const sel = c.segSel[i.op] & 0xffff;
  if (i.rm >= 0 && i.osize === 8) writeE64(c, i, sel, 0);
  else writeE(c, i, i.rm >= 0 ? i.osize : 2, sel);
}

/**
 * 0F 00 /2 lldt, /3 ltr (i.op: LDTR or TR). Both take a GDT selector of a present system
 * descriptor, 16 bytes long in IA-32e mode (base bits 32-63 in the third dword, the fourth's
 * type field zero). lldt accepts a null selector (no LDT); ltr needs an available TSS and
 * marks it busy in the GDT.
 */
export function loadSystemSegment(c: Cpu, i: Insn): void {
  const isTr = i.op === TR;
  const what = isTr ? 'ltr' : 'lldt';
  requireProtected(c, what);
  if (c.cpl !== 0) raise(c, GP, 0, `${what} at CPL > 0`);
  const sel = readE(c, i, 2);
  if ((sel & 0xfffc) === 0) {
    if (isTr) raise(c, GP, 0, 'ltr with a null selector');
    c.segSel[LDTR] = sel;
    c.segAttr[LDTR] = 0;
    return;
  }
  if ((sel & 4) !== 0) raise(c, GP, sel & 0xfffc, `${what} selector 0x${hex(sel)} is in the LDT`);
  const long = (c.efer & EFER_LMA) !== 0;
  const at = descriptorAddress(c, sel);
  if (at === null || (long && (sel & 0xfff8) + 15 > c.gdtr[2]))
    raise(c, GP, sel & 0xfffc, `${what} selector 0x${hex(sel)} is past the GDT limit`);
  const atHi = c.tmp[1];
  const lo = readDescriptor(c, at, atHi);
  const hi = c.tmp[0];
  const type = sysType(hi);
  const ok = isTr
    ? type === TSS_AVAILABLE || (!long && type === TSS16_AVAILABLE)
    : type === LDT_TYPE;
  if (!ok) {
    const need = isTr ? 'an available TSS' : 'an LDT';
    raise(c, GP, sel & 0xfffc, `${what} 0x${hex(sel)}: type 0x${hex(type, 2)} is not ${need}`);
  }
  if ((hi & D_P) === 0) raise(c, NP, sel & 0xfffc, `${what} 0x${hex(sel)}: not present`);
  let baseHi = 0;
  if (long) {
    const upper = addLinear(c, at, atHi, 8);
    const upperHi = c.tmp[1];
    baseHi = sysRead(c, upper, upperHi, 4);
    const top = sysRead(c, addLinear(c, upper, upperHi, 4), c.tmp[1], 4);
    if ((top & 0x1f00) !== 0)
      raise(c, GP, sel & 0xfffc, `${what} 0x${hex(sel)}: upper half of the descriptor has a type`);
    if (!isCanonical(c, baseHi))
      raise(c, GP, sel & 0xfffc, `${what} 0x${hex(sel)}: base is not canonical`);
  }
  let attrHi = hi;
  if (isTr) {
    attrHi |= D_BUSY;
    sysWrite(c, addLinear(c, at, atHi, 5), c.tmp[1], 1, attrHi >>> 8);
  }
  loadCache(c, i.op, sel, lo, attrHi);
  c.segBaseHi[i.op] = baseHi;
}
