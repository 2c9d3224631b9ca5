/**
 * The model-specific registers the CPU keeps that have no home elsewhere in CpuState.
 * Values are int32 pairs in one typed array so rdmsr/wrmsr and the syscall path touch no
 * objects: `msrs.v[STAR]` is the low dword of IA32_STAR, `msrs.v[STAR + 1]` the high one.
 * EFER lives in CpuState.efer and FS.base/GS.base in the segment cache; rdmsr/wrmsr
 * (exec/msr.ts) route those architectural aliases there.
 */

/** MSR numbers (Intel SDM Vol. 4, table 2-2; AMD APM Vol. 2, appendix A). */
export const IA32_TSC = 0x10;
export const IA32_APIC_BASE = 0x1b;
/** Microcode revision (AMD: PATCH_LEVEL); Linux reads it on every vendor. */
export const IA32_BIOS_SIGN_ID = 0x8b;
export const IA32_MTRRCAP = 0xfe;
export const IA32_SYSENTER_CS = 0x174;
export const IA32_SYSENTER_ESP = 0x175;
export const IA32_SYSENTER_EIP = 0x176;
export const IA32_MISC_ENABLE = 0x1a0;
export const IA32_MTRR_PHYSBASE0 = 0x200;
export const IA32_MTRR_FIX64K_00000 = 0x250;
export const IA32_MTRR_FIX16K_80000 = 0x258;
export const IA32_MTRR_FIX16K_A0000 = 0x259;
export const IA32_MTRR_FIX4K_C0000 = 0x268;
export const IA32_MTRR_FIX4K_F8000 = 0x26f;
export const IA32_PAT = 0x277;
export const IA32_MTRR_DEF_TYPE = 0x2ff;
export const IA32_EFER = 0xc0000080;
export const IA32_STAR = 0xc0000081;
export const IA32_LSTAR = 0xc0000082;
export const IA32_CSTAR = 0xc0000083;
export const IA32_FMASK = 0xc0000084;
export const IA32_FS_BASE = 0xc0000100;
export const IA32_GS_BASE = 0xc0000101;
export const IA32_KERNEL_GS_BASE = 0xc0000102;
export const IA32_TSC_AUX = 0xc0000103;

/** Variable-range MTRR pairs the model has (MTRRcap.VCNT). */
export const MTRR_VAR_COUNT = 8;
/** Fixed-range MTRRs: 0x250, 0x258, 0x259, 0x268-0x26f. */
export const MTRR_FIX_COUNT = 11;

/** Pair indices into MsrStore.v (low dword at the index, high dword at index + 1). */
export const STAR = 0;
/** SYSCALL target RIP in 64-bit mode. */
export const LSTAR = 2;
/** SYSCALL target RIP from compatibility mode. */
export const CSTAR = 4;
/** SYSCALL RFLAGS mask (IA32_FMASK; AMD calls it SFMASK). */
export const SFMASK = 6;
/** The GS base swapgs exchanges with GS.base. */
export const KERNEL_GS_BASE = 8;
export const SYSENTER_CS = 10;
export const SYSENTER_ESP = 12;
export const SYSENTER_EIP = 14;
/** Added to the instruction-derived TSC; wrmsr IA32_TSC sets it (see exec/tsc.ts). */
export const TSC_OFFSET = 16;
export const TSC_AUX = 18;
export const PAT = 20;
export const APIC_BASE = 22;
export const MISC_ENABLE = 24;
export const MTRR_DEF_TYPE = 26;
/** MTRR_FIX_COUNT pairs in MSR-number order. */
export const MTRR_FIX = 28;
/** MTRR_VAR_COUNT (base, mask) pairs of pairs: PHYSBASEn at MTRR_VAR + 4n, PHYSMASKn + 2. */
export const MTRR_VAR = MTRR_FIX + 2 * MTRR_FIX_COUNT;
const SLOT_WORDS = MTRR_VAR + 4 * MTRR_VAR_COUNT;

/** IA32_APIC_BASE at reset: xAPIC at 0xfee00000, enabled (bit 11), bootstrap processor (bit 8). */
export const APIC_BASE_RESET = 0xfee00900 | 0;
/** IA32_PAT at reset: WB, WT, UC-, UC repeated (SDM Vol. 3, 13.12.4). */
export const PAT_RESET_LO = 0x00070406;
/** IA32_MISC_ENABLE at reset: fast strings (bit 0) and BTS/PEBS unavailable (bits 11, 12). */
export const MISC_ENABLE_RESET = 0x1801;

export class MsrStore {
  readonly v = new Int32Array(SLOT_WORDS);

  constructor() {
    this.reset();
  }

  /** Power-on values (SDM Vol. 3, table 10-1): everything zero except the few set here. */
  reset(): void {
    this.v.fill(0);
    this.v[APIC_BASE] = APIC_BASE_RESET;
    this.v[PAT] = PAT_RESET_LO;
    this.v[PAT + 1] = PAT_RESET_LO;
    this.v[MISC_ENABLE] = MISC_ENABLE_RESET;
  }
}
