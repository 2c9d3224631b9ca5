import type { Cpu } from '../cpu.ts';
import type { Insn } from '../decode/insn.ts';
import { GP, UD } from '../fault.ts';
import { AC, FIXED_ONE, IF, RF, VM, WRITABLE } from '../flags.ts';
import { readFlags, setArithFlags } from '../lazy-flags.ts';
import { CSTAR, KERNEL_GS_BASE, LSTAR, SFMASK, STAR } from '../msrs.ts';
import { CS, GS, RCX, SS } from '../registers.ts';
import { addLinear } from '../../mmu/access.ts';
import { EFER_LMA, EFER_SCE } from '../../mmu/paging-bits.ts';
import { D_ACCESSED, D_CODE, D_DB, D_G, D_L, D_P, D_RW, D_S } from './descriptor-tables.ts';
import { raise } from './raise.ts';

/**
 * syscall / sysret as the CPU model's vendor (AMD) defines them, which is also what QEMU
 * does: syscall works in compatibility mode (target CSTAR) and in legacy protected mode
 * (target STAR[31:0]); sysret does not check RCX for canonical form (a bad one faults at
 * CPL 3 on the fetch). CS and SS are loaded with fixed flat descriptors, never read from
 * the GDT: the selectors come from STAR[47:32] (entry) and STAR[63:48] (return).
 */

const R11 = 11;
const FLAT = D_G | D_P | D_S | D_ACCESSED;
const CODE64 = FLAT | D_L | D_CODE | D_RW;
const CODE32 = FLAT | D_DB | D_CODE | D_RW;
const STACK = FLAT | D_DB | D_RW;
const DPL3 = 3 << 13;

function loadFlat(c: Cpu, seg: number, sel: number, attr: number): void {
  c.segSel[seg] = sel & 0xffff;
  c.segBaseLo[seg] = c.segBaseHi[seg] = 0;
  c.segLimit[seg] = -1;
  c.segAttr[seg] = attr;
}

function enter(c: Cpu, cpl: number): void {
  c.cpl = cpl;
  c.updateMode();
  c.updateAccessRights();
}

/** Replaces RFLAGS, arithmetic bits included (SFMASK and R11 may hold any of them). */
function setFlags(c: Cpu, v: number): void {
  const changed = c.flags ^ (v | FIXED_ONE);
  c.flags = v | FIXED_ONE;
  setArithFlags(c, v);
  if ((changed & AC) !== 0) c.updateAccessRights();
}

/** 0F 05: syscall. RCX gets the next RIP; in IA-32e mode R11 gets RFLAGS, then SFMASK clears bits. */
export function syscall(c: Cpu, i: Insn): void {
  if ((c.efer & EFER_SCE) === 0 || (c.cr0 & 1) === 0)
    raise(c, UD, 0, 'syscall with EFER.SCE clear or in real mode');
  const m = c.msrs.v;
  const sel = m[STAR + 1] & 0xffff;
  const next = addLinear(c, c.blockRip[0], c.blockRip[1], i.start + i.len);
  const g = c.gpr;
  const flags = readFlags(c) & ~RF;
  if ((c.efer & EFER_LMA) !== 0) {
    const from64 = c.mode === 64;
    g[RCX << 1] = next;
    g[(RCX << 1) + 1] = from64 ? c.tmp[1] : 0;
    g[R11 << 1] = flags;
    g[(R11 << 1) + 1] = 0;
    setFlags(c, flags & ~m[SFMASK]);
    loadFlat(c, CS, sel & 0xfffc, CODE64);
    c.rip[0] = m[from64 ? LSTAR : CSTAR];
    c.rip[1] = m[(from64 ? LSTAR : CSTAR) + 1];
  } else {
    g[RCX << 1] = next;
    g[(RCX << 1) + 1] = 0;
    setFlags(c, flags & ~(IF | VM));
    loadFlat(c, CS, sel & 0xfffc, CODE32);
    c.rip[0] = m[STAR];
    c.rip[1] = 0;
  }
  loadFlat(c, SS, (sel + 8) & 0xfffc, STACK);
  enter(c, 0);
}

/**
 * 0F 07: sysret. With REX.W it returns to 64-bit code at RCX (CS = STAR[63:48] + 16),
 * else to 32-bit code at ECX (CS = STAR[63:48]); SS = STAR[63:48] + 8, all at RPL 3.
 * In IA-32e mode RFLAGS comes from R11; in legacy mode IF is set.
 */
export function sysret(c: Cpu, i: Insn): void {
  if ((c.efer & EFER_SCE) === 0) raise(c, UD, 0, 'sysret with EFER.SCE clear');
  if ((c.cr0 & 1) === 0 || c.cpl !== 0)
    raise(c, GP, 0, 'sysret outside protected mode or at CPL > 0');
  const sel = c.msrs.v[STAR + 1] >>> 16;
  const g = c.gpr;
  const to64 = i.osize === 8;
  if ((c.efer & EFER_LMA) !== 0) setFlags(c, g[R11 << 1] & WRITABLE & ~RF);
  else setFlags(c, readFlags(c) | IF);
  loadFlat(c, CS, (to64 ? sel + 16 : sel) | 3, (to64 ? CODE64 : CODE32) | DPL3);
  loadFlat(c, SS, (sel + 8) | 3, STACK | DPL3);
  c.rip[0] = g[RCX << 1];
  c.rip[1] = to64 ? g[(RCX << 1) + 1] : 0;
  enter(c, 3);
}

/** 0F 01 F8: swapgs (64-bit mode, CPL 0): exchanges GS.base with IA32_KERNEL_GS_BASE. */
export function swapgs(c: Cpu): void {
  if (c.mode !== 64) raise(c, UD, 0, 'swapgs outside 64-bit mode');
  if (c.cpl !== 0) raise(c, GP, 0, 'swapgs at CPL > 0');
  const m = c.msrs.v;
  const lo = c.segBaseLo[GS];
  const hi = c.segBaseHi[GS];
  c.segBaseLo[GS] = m[KERNEL_GS_BASE];
  c.segBaseHi[GS] = m[KERNEL_GS_BASE + 1];
  m[KERNEL_GS_BASE] = lo;
  m[KERNEL_GS_BASE + 1] = hi;
}
