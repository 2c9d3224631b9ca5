import type { Cpu } from '../cpu.ts';
import type { Insn } from '../decode/insn.ts';
import { canonicalForModel } from '../cpu-model.ts';
import { GP } from '../fault.ts';
import {
  APIC_BASE,
  CSTAR,
  IA32_APIC_BASE,
  IA32_BIOS_SIGN_ID,
  IA32_CSTAR,
  IA32_EFER,
  IA32_FMASK,
  IA32_FS_BASE,
  IA32_GS_BASE,
  IA32_KERNEL_GS_BASE,
  IA32_LSTAR,
  IA32_MISC_ENABLE,
  IA32_MTRR_DEF_TYPE,
  IA32_MTRR_FIX16K_80000,
  IA32_MTRR_FIX16K_A0000,
  IA32_MTRR_FIX4K_C0000,
  IA32_MTRR_FIX4K_F8000,
  IA32_MTRR_FIX64K_00000,
  IA32_MTRR_PHYSBASE0,
  IA32_MTRRCAP,
  IA32_PAT,
  IA32_STAR,
  IA32_SYSENTER_CS,
  IA32_SYSENTER_EIP,
  IA32_SYSENTER_ESP,
  IA32_TSC,
  IA32_TSC_AUX,
  KERNEL_GS_BASE,
  LSTAR,
  MISC_ENABLE,
  MTRR_DEF_TYPE,
  MTRR_FIX,
  MTRR_VAR,
  MTRR_VAR_COUNT,
  PAT,
  SFMASK,
  STAR,
  SYSENTER_CS,
  SYSENTER_EIP,
  SYSENTER_ESP,
  TSC_AUX,
} from '../msrs.ts';
import { FS, GS, RAX, RCX, RDX } from '../registers.ts';
import {
  CR0_PG,
  EFER_LMA,
  EFER_LME,
  EFER_NXE,
  EFER_SCE,
  MAXPHYADDR,
} from '../../mmu/paging-bits.ts';
import { setReg } from './operands.ts';
import { raise } from './raise.ts';
import { readTsc, writeTsc } from './tsc.ts';

/**
 * rdmsr and wrmsr (0F 32, 0F 30): the MSRs the CPU model has, with the checks a write makes
 * (Intel SDM Vol. 4 table 2-2; AMD APM Vol. 2 appendix A). Any other MSR is #GP(0), as on
 * a CPU without it. EFER lives in CpuState, FS/GS.base in the segment cache, the rest in
 * c.msrs (msrs.ts).
 */

/** EFER bits this CPU has: SCE, LME, LMA (read-only: writes of it are ignored), NXE. */
const EFER_BITS = EFER_SCE | EFER_LME | EFER_LMA | EFER_NXE;
/** IA32_MTRRCAP: 8 variable ranges, fixed ranges, write-combining; read-only. */
const MTRRCAP_VALUE = 0x508;
/** IA32_APIC_BASE bit 8 (this is the bootstrap processor) is read-only. */
const APIC_BSP = 1 << 8;
/** IA32_APIC_BASE bits software can write: global enable (11) and the base (12 up). */
const APIC_WRITABLE = 0xfffff800 | 0;
/** Address bits of the high dword at or above MAXPHYADDR are reserved in address MSRs. */
const PHYS_RSVD_SHIFT = MAXPHYADDR - 32;

/** Where a stored MSR lives in c.msrs.v, or -1 for those elsewhere or absent. */
function slotOf(n: number): number {
  switch (n) {
    case IA32_APIC_BASE:
      return APIC_BASE;
    case IA32_SYSENTER_CS:
      return SYSENTER_CS;
    case IA32_SYSENTER_ESP:
      return SYSENTER_ESP;
    case IA32_SYSENTER_EIP:
      return SYSENTER_EIP;
    case IA32_MISC_ENABLE:
      // Intel-defined, but QEMU and KVM give it to every guest and kernels read it without
      // checking the vendor; stored as written.
      return MISC_ENABLE;
    case IA32_PAT:
      return PAT;
    case IA32_MTRR_DEF_TYPE:
      return MTRR_DEF_TYPE;
    case IA32_STAR:
      return STAR;
    case IA32_LSTAR:
      return LSTAR;
    case IA32_CSTAR:
      return CSTAR;
    case IA32_FMASK:
      return SFMASK;
    case IA32_KERNEL_GS_BASE:
      return KERNEL_GS_BASE;
    case IA32_TSC_AUX:
      return TSC_AUX;
    case IA32_MTRR_FIX64K_00000:
      return MTRR_FIX;
    case IA32_MTRR_FIX16K_80000:
      return MTRR_FIX + 2;
    case IA32_MTRR_FIX16K_A0000:
      return MTRR_FIX + 4;
  }
  // PHYSBASEn/PHYSMASKn alternate from 0x200, as MTRR_VAR lays them out.
  if (n >= IA32_MTRR_PHYSBASE0 && n < IA32_MTRR_PHYSBASE0 + 2 * MTRR_VAR_COUNT)
    return MTRR_VAR + 2 * (n - IA32_MTRR_PHYSBASE0);
  if (n >= IA32_MTRR_FIX4K_C0000 && n <= IA32_MTRR_FIX4K_F8000)
    return MTRR_FIX + 6 + 2 * (n - IA32_MTRR_FIX4K_C0000);
  return -1;
}

function noMsr(c: Cpu, what: string, n: number): never {
  raise(c, GP, 0, `${what} of MSR 0x${n.toString(16)}, which this CPU does not have`);
}

/** Reads MSR n: returns the low dword, leaves the high dword in c.tmp[0]; #GP if absent. */
export function readMsr(c: Cpu, n: number): number {
  c.tmp[0] = 0;
  switch (n) {
    case IA32_TSC:
      return readTsc(c);
    case IA32_EFER:
      return c.efer;
    case IA32_FS_BASE:
    case IA32_GS_BASE: {
      const s = n === IA32_FS_BASE ? FS : GS;
      c.tmp[0] = c.segBaseHi[s];
      return c.segBaseLo[s];
    }
    case IA32_MTRRCAP:
      return MTRRCAP_VALUE;
    case IA32_BIOS_SIGN_ID:
      // No microcode: revision 0.
      return 0;
  }
  const k = slotOf(n);
  if (k < 0) noMsr(c, 'rdmsr', n);
  c.tmp[0] = c.msrs.v[k + 1];
  return c.msrs.v[k];
}

/** 0F 32: rdmsr. EDX:EAX = MSR[ECX]. */
export function rdmsr(c: Cpu): void {
  if (c.cpl !== 0) raise(c, GP, 0, 'rdmsr at CPL > 0');
  const lo = readMsr(c, c.gpr[RCX << 1] >>> 0);
  setReg(c.gpr, RDX, 4, c.tmp[0]);
  setReg(c.gpr, RAX, 4, lo);
}

/** 0F 30: wrmsr. MSR[ECX] = EDX:EAX. Ends the block: EFER can change paging. */
export function wrmsr(c: Cpu, i: Insn): void {
  if (c.cpl !== 0) raise(c, GP, 0, 'wrmsr at CPL > 0');
  writeMsr(c, c.gpr[RCX << 1] >>> 0, c.gpr[RAX << 1], c.gpr[RDX << 1]);
  c.ripAfter(i);
}

/** Writes MSR n with the checks the CPU makes; #GP(0) for a bad value or an absent MSR. */
export function writeMsr(c: Cpu, n: number, lo: number, hi: number): void {
  switch (n) {
    case IA32_TSC:
      writeTsc(c, lo, hi);
      return;
    case IA32_EFER:
      writeEfer(c, lo, hi);
      return;
    case IA32_FS_BASE:
    case IA32_GS_BASE: {
      if (!canonicalForModel(hi)) noncanonical(c, n);
      const s = n === IA32_FS_BASE ? FS : GS;
      c.segBaseLo[s] = lo;
      c.segBaseHi[s] = hi;
      return;
    }
    case IA32_MTRRCAP:
      return badValue(c, n, 'any value: it is read-only');
    case IA32_BIOS_SIGN_ID:
      // Intel's microcode-revision protocol writes 0 here first; nothing to store.
      return;
  }
  const k = slotOf(n);
  if (k < 0) noMsr(c, 'wrmsr', n);
  let vLo = lo;
  let vHi = hi;
  switch (k) {
    case LSTAR:
    case CSTAR:
    case KERNEL_GS_BASE:
      if (!canonicalForModel(hi)) noncanonical(c, n);
      break;
    case SYSENTER_CS:
    case SYSENTER_ESP:
    case SYSENTER_EIP:
    case TSC_AUX:
      // 32-bit registers on AMD: bits 63:32 are dropped and read as zero.
      vHi = 0;
      break;
    case PAT:
      if (!validPat(lo) || !validPat(hi)) badValue(c, n, 'a memory type that does not exist');
      break;
    case APIC_BASE:
      if ((lo & ~(APIC_WRITABLE | APIC_BSP)) !== 0 || hi >>> PHYS_RSVD_SHIFT !== 0)
        badValue(c, n, 'reserved bits (no x2APIC)');
      vLo = (lo & APIC_WRITABLE) | (c.msrs.v[APIC_BASE] & APIC_BSP);
      break;
    case MTRR_DEF_TYPE:
      if ((lo & ~0xcff) !== 0 || hi !== 0 || !validMtrrType(lo & 0xff))
        badValue(c, n, 'reserved bits or an invalid default type');
      break;
    default:
      if (k >= MTRR_VAR) checkVariableMtrr(c, n, k, lo, hi);
      else if (k >= MTRR_FIX && !(validFixedMtrr(lo) && validFixedMtrr(hi)))
        badValue(c, n, 'an invalid memory type');
  }
  c.msrs.v[k] = vLo;
  c.msrs.v[k + 1] = vHi;
}

/**
 * EFER: reserved bits and a change of LME while paging is on are #GP(0); LMA is the CPU's
 * to set (mov to CR0) and keeps its value; a change of NXE changes what every cached
 * translation allows, so the TLB is flushed.
 */
function writeEfer(c: Cpu, lo: number, hi: number): void {
  if (hi !== 0 || (lo & ~EFER_BITS) !== 0) badValue(c, IA32_EFER, 'reserved bits');
  const old = c.efer;
  if (((lo ^ old) & EFER_LME) !== 0 && (c.cr0 & CR0_PG) !== 0)
    raise(c, GP, 0, 'wrmsr EFER: LME changed while paging is on');
  const v = (lo & ~EFER_LMA) | (old & EFER_LMA);
  c.efer = v;
  if (((v ^ old) & EFER_NXE) !== 0) c.tlb.flushAll();
  c.updateMode();
  c.updateAccessRights();
}

/** PAT entries are UC (0), WC (1), WT (4), WP (5), WB (6) or UC- (7). */
function validPat(v: number): boolean {
  for (let b = 0; b < 32; b += 8) {
    const t = (v >>> b) & 0xff;
    if (t > 7 || t === 2 || t === 3) return false;
  }
  return true;
}

/** MTRR types are those of PAT without UC- (SDM Vol. 3A table 13-8). */
function validMtrrType(t: number): boolean {
  return t <= 6 && t !== 2 && t !== 3;
}

function validFixedMtrr(v: number): boolean {
  for (let b = 0; b < 32; b += 8) if (!validMtrrType((v >>> b) & 0xff)) return false;
  return true;
}

/** PHYSBASEn: type in 7:0, 11:8 reserved; PHYSMASKn: 10:0 reserved, valid bit 11. */
function checkVariableMtrr(c: Cpu, n: number, k: number, lo: number, hi: number): void {
  const isMask = ((k - MTRR_VAR) & 2) !== 0;
  const bad = isMask ? (lo & 0x7ff) !== 0 : (lo & 0xf00) !== 0 || !validMtrrType(lo & 0xff);
  if (bad || hi >>> PHYS_RSVD_SHIFT !== 0) badValue(c, n, 'reserved bits or an invalid type');
}

function noncanonical(c: Cpu, n: number): never {
  badValue(c, n, 'a non-canonical address');
}

function badValue(c: Cpu, n: number, what: string): never {
  raise(c, GP, 0, `wrmsr of MSR 0x${n.toString(16)} with ${what}`);
}
