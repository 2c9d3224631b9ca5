/**
 * Paging-structure entry bits (Intel SDM Vol. 3, 4.3-4.5; AMD APM Vol. 2, 5.3-5.4).
 * Bit positions are the same in 32-bit, PAE, 4-level and 5-level entries; which levels
 * give a bit meaning is noted per bit. Values are for the low dword unless named _HI.
 */
/** P, all levels: the entry maps something; clear means every other bit is ignored. */
export const PTE_P = 1 << 0;
/** R/W, all levels but PAE PDPTEs: writes allowed when set in every level (see CR0.WP). */
export const PTE_RW = 1 << 1;
/** U/S, all levels but PAE PDPTEs: user (CPL 3) access allowed when set in every level. */
export const PTE_US = 1 << 2;
/** PWT, PCD: the memory type of the next table or the page (stored, no cache is modelled). */
export const PTE_PWT = 1 << 3;
export const PTE_PCD = 1 << 4;
/** A, all levels: set by the CPU when the entry is used for a translation. */
export const PTE_A = 1 << 5;
/** D, leaves only: set by the CPU on the first write through the entry. */
export const PTE_D = 1 << 6;
/** PS in PDPTEs (1 GiB) and PDEs (2 MiB, or 4 MiB in 32-bit paging); PAT in 4 KiB PTEs. */
export const PTE_PS = 1 << 7;
/** G, leaves only: survives CR3 loads while CR4.PGE is set. */
export const PTE_G = 1 << 8;
/** PAT bit of a 1 GiB or 2 MiB (or 4 MiB) leaf. */
export const PTE_PAT_LARGE = 1 << 12;
/** XD (bit 63), all levels of PAE/4/5-level paging: no instruction fetch when EFER.NXE = 1. */
export const PTE_XD_HI = 1 << 31;
/**
 * Protection key (bits 62:59), leaves of 4- and 5-level paging: bits 30:27 of the high
 * dword. Ignored (never reserved) at every level; it takes effect with CR4.PKE = 1.
 */
export const PTE_PKEY_SHIFT_HI = 27;

/** The protection key of a 4- or 5-level leaf whose high dword is `hi` (0 to 15). */
export function pkeyOf(hi: number): number {
  return (hi >>> PTE_PKEY_SHIFT_HI) & 0xf;
}

/** PKRU: for key i, bit 2i is AD_i (no data access) and bit 2i+1 WD_i (no write). */
export const PKRU_AD = 1;
export const PKRU_WD = 2;

/** CR0, CR4 and EFER bits the MMU reads. */
export const CR0_PE = 1 << 0;
export const CR0_WP = 1 << 16;
export const CR0_PG = 1 << 31;
export const CR4_PSE = 1 << 4;
export const CR4_PAE = 1 << 5;
export const CR4_PGE = 1 << 7;
export const CR4_PCIDE = 1 << 17;
export const CR4_SMEP = 1 << 20;
export const CR4_SMAP = 1 << 21;
/** CR4.PKE: protection keys for user-mode pages (4- and 5-level paging only). */
export const CR4_PKE = 1 << 22;
export const CR4_LA57 = 1 << 12;
export const EFER_SCE = 1 << 0;
export const EFER_LME = 1 << 8;
export const EFER_LMA = 1 << 10;
export const EFER_NXE = 1 << 11;

/** The CPU model's physical address width (CPUID 0x80000008 EAX[7:0]); QEMU's TCG uses 40 too. */
export const MAXPHYADDR = 40;

/** #PF error-code bits (SDM Vol. 3, 4.7). */
export const PFEC_P = 1 << 0;
export const PFEC_W = 1 << 1;
export const PFEC_U = 1 << 2;
export const PFEC_RSVD = 1 << 3;
export const PFEC_I = 1 << 4;
export const PFEC_PK = 1 << 5;

export const enum PagingMode {
  Off = 0,
  /** 32-bit paging: two levels of 4-byte entries, 4 MiB pages with CR4.PSE. */
  Legacy32 = 1,
  /** PAE: four PDPTEs loaded at CR3 write, then PD and PT of 8-byte entries. */
  Pae = 2,
  Level4 = 3,
  Level5 = 4,
}

export function pagingMode(cr0: number, cr4: number, efer: number): PagingMode {
  if ((cr0 & CR0_PG) === 0) return PagingMode.Off;
  if ((cr4 & CR4_PAE) === 0) return PagingMode.Legacy32;
  if ((efer & EFER_LMA) === 0) return PagingMode.Pae;
  return (cr4 & CR4_LA57) !== 0 ? PagingMode.Level5 : PagingMode.Level4;
}

/** Access kinds, as the walker and the TLB index them. */
export const ACC_READ = 0;
export const ACC_WRITE = 1;
export const ACC_EXEC = 2;
