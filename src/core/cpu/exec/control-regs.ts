import type { Cpu } from '../cpu.ts';
import type { Insn } from '../decode/insn.ts';
import { DB, GP, UD } from '../fault.ts';
import { CS } from '../registers.ts';
import {
  CR0_PE,
  CR0_PG,
  CR0_WP,
  CR4_LA57,
  CR4_PAE,
  CR4_PCIDE,
  CR4_PGE,
  CR4_PKE,
  CR4_PSE,
  CR4_SMAP,
  CR4_SMEP,
  EFER_LMA,
  EFER_LME,
  MAXPHYADDR,
  PTE_P,
} from '../../mmu/paging-bits.ts';
import { readE, setReg, writeE } from './operands.ts';
import { raise } from './raise.ts';

/**
 * mov to and from CR0, CR2, CR3, CR4, CR8 with the checks of Intel SDM Vol. 2B "MOV—Move
 * to/from Control Registers" and Vol. 3A 2.5 and 4.4-4.10 (AMD APM Vol. 2, 3.1 agrees), and
 * the TLB work each write implies; clts, lmsw, smsw. CR bits the MMU reads are named in
 * mmu/paging-bits.ts; the rest are here.
 */

export const CR0_TS = 1 << 3;
export const CR0_ET = 1 << 4;
export const CR0_NW = 1 << 29;
export const CR0_CD = 1 << 30;
/** PE MP EM TS ET NE WP AM NW CD PG: other bits of 31:0 are reserved, ignored on write. */
const CR0_DEFINED = 0xe005003f | 0;
export const CR4_TSD = 1 << 2;
export const CR4_DE = 1 << 3;
/**
 * The CR4 bits this CPU has (the rest raise #GP): TSD DE PSE PAE MCE PGE PCE OSFXSR
 * OSXMMEXCPT LA57 PCIDE SMEP SMAP PKE, matching cpu-model.ts. No VME/PVI (no virtual-8086
 * extensions), UMIP, FSGSBASE or OSXSAVE. PKE can be set in any mode (the SDM lists no #GP
 * for it); it only takes effect under 4- and 5-level paging.
 */
export const CR4_SUPPORTED = 0x7fc | CR4_LA57 | CR4_PCIDE | CR4_SMEP | CR4_SMAP | CR4_PKE;
/**
 * CR4 bits whose change drops every TLB entry: PGE and PCIDE as SDM Vol. 3A 4.10.4.1 says,
 * PAE, PSE and LA57 because translations change, SMEP and SMAP because the TLB's cached
 * rights depend on them.
 */
const CR4_FLUSH = CR4_PGE | CR4_PAE | CR4_PSE | CR4_SMEP | CR4_SMAP | CR4_PCIDE | CR4_LA57;
/** CR4 bits whose change reloads the PAE PDPTEs (SDM Vol. 3A 4.4.1). */
const CR4_PDPTE = CR4_PAE | CR4_PGE | CR4_PSE | CR4_SMEP;
/** PAE PDPTE bits 2:1 and 8:5 are reserved (SDM Vol. 3A table 4-8). */
const PDPTE_RSVD_LO = 0x1e6;
/** CS descriptor L bit, in the segment cache's attribute layout. */
const ATTR_L = 1 << 21;

/** CR0, CR2, CR3, CR4 and (64-bit mode, REX.R) CR8 exist; the others are #UD. */
function checkCr(c: Cpu, n: number): void {
  if (n !== 0 && n !== 2 && n !== 3 && n !== 4 && n !== 8) raise(c, UD, 0, `no register cr${n}`);
  if (c.cpl !== 0) raise(c, GP, 0, `mov cr${n} at CPL ${c.cpl}`);
}

/** 0F 20: mov r, CRn. 64-bit in 64-bit mode, 32-bit elsewhere, whatever the prefixes. */
export function movFromCr(c: Cpu, i: Insn): void {
  const n = i.reg;
  checkCr(c, n);
  const k = i.rm << 1;
  if (n === 2 || n === 3) {
    const r = n === 2 ? c.cr2 : c.cr3;
    c.gpr[k] = r[0];
    c.gpr[k + 1] = c.mode === 64 ? r[1] : 0;
  } else setReg(c.gpr, i.rm, 4, n === 0 ? c.cr0 : n === 4 ? c.cr4 : c.cr8);
}

/** 0F 22: mov CRn, r. Ends the block: paging, the mode or the TPR may change. */
export function movToCr(c: Cpu, i: Insn): void {
  const n = i.reg;
  checkCr(c, n);
  const k = i.rm << 1;
  const lo = c.gpr[k];
  // Outside 64-bit mode the source is 32 bits and the register's upper half becomes 0.
  const hi = c.mode === 64 ? c.gpr[k + 1] : 0;
  // The paging watch (core/watch) sees the value before the checks, so it sees refusals too.
  const w = c.watch;
  if (w !== null) w.crWriteBegin(c, i, n, lo, hi);
  if (n === 0) writeCr0(c, lo, hi);
  else if (n === 2) {
    c.cr2[0] = lo;
    c.cr2[1] = hi;
  } else if (n === 3) writeCr3(c, lo, hi);
  else if (n === 4) writeCr4(c, lo, hi);
  else {
    if (hi !== 0 || (lo & ~0xf) !== 0) raise(c, GP, 0, 'mov cr8: bits 63:4 are reserved');
    // The local APIC derives TPR[7:4] from c.cr8; a lower priority may uncover a request.
    c.cr8 = lo;
    c.interrupts.poke();
  }
  c.ripAfter(i);
  if (w !== null) w.crWriteEnd(c);
}

/** PAE paging (not 4/5-level) with these CR4 and EFER values and paging on. */
function paePaging(cr4: number, efer: number): boolean {
  return (cr4 & CR4_PAE) !== 0 && (efer & EFER_LMA) === 0;
}

/**
 * The PDPTE load of PAE paging: a present PDPTE with a reserved bit set makes the
 * instruction that loads them (mov to CR0/CR3/CR4) raise #GP(0) instead of completing.
 */
function checkPdptes(c: Cpu, cr3: number): void {
  const base = (cr3 & 0xffffffe0) >>> 0;
  for (let k = 0; k < 4; k++) {
    const lo = c.mem.read(base + 8 * k, 4);
    const hi = c.mem.read(base + 8 * k + 4, 4);
    if ((lo & PTE_P) !== 0 && ((lo & PDPTE_RSVD_LO) !== 0 || hi >>> (MAXPHYADDR - 32) !== 0))
      raise(c, GP, 0, `PDPTE ${k} at 0x${(base + 8 * k).toString(16)} has reserved bits set`);
  }
}

/**
 * Loads CR0 (mov to CR0 and lmsw). Setting PG with EFER.LME activates long mode (EFER.LMA),
 * clearing it deactivates; changes to PG, WP or CD drop every TLB entry.
 */
export function writeCr0(c: Cpu, lo: number, hi: number): void {
  if (hi !== 0) raise(c, GP, 0, 'mov cr0: bits 63:32 are reserved');
  const v = (lo & CR0_DEFINED) | CR0_ET;
  const old = c.cr0;
  const pg = (v & CR0_PG) !== 0;
  const wasPg = (old & CR0_PG) !== 0;
  if (pg && (v & CR0_PE) === 0) raise(c, GP, 0, 'mov cr0: PG set without PE');
  if ((v & CR0_NW) !== 0 && (v & CR0_CD) === 0) raise(c, GP, 0, 'mov cr0: NW set without CD');
  let efer = c.efer;
  if (!pg) {
    if (wasPg && c.mode === 64) raise(c, GP, 0, 'mov cr0: PG cleared in 64-bit mode');
    if (wasPg && (c.cr4 & CR4_PCIDE) !== 0) raise(c, GP, 0, 'mov cr0: PG cleared with PCIDE');
    efer &= ~EFER_LMA;
  } else if (!wasPg && (efer & EFER_LME) !== 0) {
    if ((c.cr4 & CR4_PAE) === 0) raise(c, GP, 0, 'mov cr0: long mode needs CR4.PAE');
    if ((c.segAttr[CS] & ATTR_L) !== 0) raise(c, GP, 0, 'mov cr0: long mode with CS.L set');
    efer |= EFER_LMA;
  }
  if (pg && paePaging(c.cr4, efer) && ((v ^ old) & (CR0_PG | CR0_CD | CR0_NW)) !== 0)
    checkPdptes(c, c.cr3[0]);
  c.cr0 = v;
  c.efer = efer;
  if (((v ^ old) & (CR0_PG | CR0_WP | CR0_CD)) !== 0) c.tlb.flushAll();
  c.updateMode();
  c.updateAccessRights();
}

/**
 * Loads CR3. Flushes the TLB's non-global entries (all of them without CR4.PGE). With
 * CR4.PCIDE, bit 63 asks to keep the PCID's entries and is not stored; the TLB has no PCID
 * tags, so it keeps them only when the PCID stays the same (a switch to another PCID must
 * not see the old one's entries) and flushes the non-global ones otherwise.
 */
export function writeCr3(c: Cpu, lo: number, hi: number): void {
  const pcide = (c.cr4 & CR4_PCIDE) !== 0;
  const v = pcide ? hi & 0x7fffffff : hi;
  if (v >>> (MAXPHYADDR - 32) !== 0) raise(c, GP, 0, `mov cr3: bits 63:${MAXPHYADDR} are reserved`);
  if ((c.cr0 & CR0_PG) !== 0 && paePaging(c.cr4, c.efer)) checkPdptes(c, lo);
  const keep = pcide && hi < 0 && ((lo ^ c.cr3[0]) & 0xfff) === 0;
  c.cr3[0] = lo;
  c.cr3[1] = v;
  if (keep) return;
  if ((c.cr4 & CR4_PGE) !== 0) c.tlb.flushNonGlobal();
  else c.tlb.flushAll();
}

/** Loads CR4 with the SDM's rules for PAE, LA57 and PCIDE in IA-32e mode. */
export function writeCr4(c: Cpu, lo: number, hi: number): void {
  if (hi !== 0 || (lo & ~CR4_SUPPORTED) !== 0) raise(c, GP, 0, 'mov cr4: reserved bit set');
  const old = c.cr4;
  const changed = lo ^ old;
  const lma = (c.efer & EFER_LMA) !== 0;
  if (lma && (lo & CR4_PAE) === 0) raise(c, GP, 0, 'mov cr4: PAE cleared in long mode');
  if (lma && (changed & CR4_LA57) !== 0) raise(c, GP, 0, 'mov cr4: LA57 changed in long mode');
  if ((lo & ~old & CR4_PCIDE) !== 0) {
    if (!lma) raise(c, GP, 0, 'mov cr4: PCIDE set outside long mode');
    if ((c.cr3[0] & 0xfff) !== 0) raise(c, GP, 0, 'mov cr4: PCIDE set with CR3[11:0] != 0');
  }
  if ((c.cr0 & CR0_PG) !== 0 && paePaging(lo, c.efer) && (changed & CR4_PDPTE) !== 0)
    checkPdptes(c, c.cr3[0]);
  c.cr4 = lo;
  if ((changed & CR4_FLUSH) !== 0) c.tlb.flushAll();
  // PKE is not among the bits whose change invalidates (SDM Vol. 3A 4.10.4.1): entries keep
  // their keys, and only their rights change.
  else if ((changed & CR4_PKE) !== 0) c.updateKeyRights();
  c.updateMode();
  c.updateAccessRights();
}

/** 0F 06: clts. Clears CR0.TS, the flag that makes the next FPU/SSE instruction #NM. */
export function clts(c: Cpu): void {
  if (c.cpl !== 0) raise(c, GP, 0, 'clts at CPL > 0');
  c.cr0 &= ~CR0_TS;
}

/**
 * 0F 01 /6: lmsw r/m16. Loads CR0 bits 0-3 (PE MP EM TS); PE can be set this way but not
 * cleared. Ends the block: setting PE enters protected mode.
 */
export function lmsw(c: Cpu, i: Insn): void {
  if (c.cpl !== 0) raise(c, GP, 0, 'lmsw at CPL > 0');
  const src = readE(c, i, 2);
  writeCr0(c, (c.cr0 & ~0xe) | (src & 0xf), 0);
  c.ripAfter(i);
}

/**
 * 0F 01 /4: smsw. Not privileged (no UMIP). A memory destination gets CR0[15:0]; a 32- or
 * 64-bit register gets all of CR0, zero-extended, as current processors store it.
 */
export function smsw(c: Cpu, i: Insn): void {
  if (i.rm >= 0 && i.osize >= 4) setReg(c.gpr, i.rm, 4, c.cr0);
  else writeE(c, i, 2, c.cr0 & 0xffff);
}

/** DR6 bits software can write (B0-B3, BD, BS, BT); the others read as fixed values. */
const DR6_WRITABLE = 0xe00f;
/** DR6 bits that always read 1: 4-11 and 16-31 (no RTM, no bus-lock detection). */
const DR6_ONES = 0xffff0ff0 | 0;
const DR6_BD = 1 << 13;
/** DR7 bits software can write: L0-G3, LE, GE, GD, R/W and LEN fields. */
const DR7_WRITABLE = 0xffff23ff | 0;
/** DR7 bit 10 always reads 1. */
const DR7_ONE = 1 << 10;
const DR7_GD = 1 << 13;

/**
 * The checks every mov to or from DRn makes, in order: DR8-15 are #UD, CPL > 0 #GP(0),
 * DR4/DR5 are #UD with CR4.DE and aliases of DR6/DR7 without it, and DR7.GD turns the
 * access into a #DB fault with DR6.BD set (the CPU clears GD as it delivers the #DB so
 * the handler can use the registers). Returns the register actually accessed.
 */
function checkDr(c: Cpu, n: number): number {
  if (n > 7) raise(c, UD, 0, `no register dr${n}`);
  if (c.cpl !== 0) raise(c, GP, 0, `mov dr${n} at CPL ${c.cpl}`);
  let r = n;
  if (r === 4 || r === 5) {
    if ((c.cr4 & CR4_DE) !== 0) raise(c, UD, 0, `mov dr${n} with CR4.DE set`);
    r += 2;
  }
  if ((c.dr[14] & DR7_GD) !== 0) {
    c.dr[12] |= DR6_BD;
    c.dr[14] &= ~DR7_GD;
    raise(c, DB, 0, `mov dr${n} with DR7.GD set`);
  }
  return r;
}

/** 0F 21: mov r, DRn (64-bit in 64-bit mode). */
export function movFromDr(c: Cpu, i: Insn): void {
  const r = checkDr(c, i.reg);
  const k = i.rm << 1;
  if (r < 4) {
    c.gpr[k] = c.dr[2 * r];
    c.gpr[k + 1] = c.mode === 64 ? c.dr[2 * r + 1] : 0;
  } else setReg(c.gpr, i.rm, 4, r === 6 ? c.dr[12] | DR6_ONES : c.dr[14] | DR7_ONE);
}

/**
 * 0F 23: mov DRn, r. Breakpoints are stored, not armed: no instruction or data breakpoint
 * fires. DR6 and DR7 take no value above bit 31 (#GP(0) in 64-bit mode).
 */
export function movToDr(c: Cpu, i: Insn): void {
  const r = checkDr(c, i.reg);
  const k = i.rm << 1;
  const lo = c.gpr[k];
  const hi = c.mode === 64 ? c.gpr[k + 1] : 0;
  if (r < 4) {
    c.dr[2 * r] = lo;
    c.dr[2 * r + 1] = hi;
  } else {
    if (hi !== 0) raise(c, GP, 0, `mov dr${r}: bits 63:32 are reserved`);
    if (r === 6) c.dr[12] = lo & DR6_WRITABLE;
    else c.dr[14] = lo & DR7_WRITABLE;
  }
  c.ripAfter(i);
}
