import { CR4_PKE, MAXPHYADDR } from '../mmu/paging-bits.ts';

/**
 * The one CPU pagescope emulates, as CPUID describes it. Everything the guest can learn
 * about the processor comes from here, and every bit set here names something the core
 * implements: a kernel that trusts CPUID must never meet a #UD for an advertised feature.
 *
 * Vendor: AuthenticAMD. Kernels branch on the vendor (errata paths, which MSRs exist,
 * SYSCALL vs SYSENTER), so it has to agree with the references pagescope is compared to:
 * QEMU's TCG reports AuthenticAMD for both `qemu64` (its default) and `-cpu max`, and the
 * undefined flags already follow the host's AMD Zen 3 (docs/undefined-flags.md). AMD's rule
 * for leaves it does not define, all zeros, is also the one that tells a guest nothing false.
 * Family 0Fh, model 6Bh, stepping 1 are QEMU qemu64's, the AMD64 model kernels are most
 * tested against under emulation; the hypervisor bit is set, as QEMU sets it, so guests skip
 * model-specific errata work meant for silicon.
 */

export const VENDOR = 'AuthenticAMD';
export const BRAND = 'pagescope virtual CPU';
export const FAMILY = 0x0f;
export const MODEL = 0x6b;
export const STEPPING = 1;

export const MAX_BASIC_LEAF = 7;
export const MAX_EXTENDED_LEAF = 0x80000008;

/**
 * Linear-address width (CPUID 0x80000008 EAX[15:8]). 5-level paging is supported (the
 * walker does it), and a CPU that supports it reports 57 as QEMU does with la57. MSRs and
 * invlpg/invpcid that hold linear addresses then accept 57-bit canonical values whatever
 * CR4.LA57 says, as such CPUs do (see canonicalForModel).
 */
export const LINEAR_ADDRESS_BITS = 57;

/**
 * TSC ticks per retired instruction: the TSC counts instructions, so the difference of two
 * rdtsc readings is exactly the number of instructions run between them.
 */
export const TSC_PER_INSTRUCTION = 1;

/** Leaf 1 EDX. */
export const L1D_FPU = 1 << 0;
export const L1D_DE = 1 << 2;
export const L1D_PSE = 1 << 3;
export const L1D_TSC = 1 << 4;
export const L1D_MSR = 1 << 5;
export const L1D_PAE = 1 << 6;
export const L1D_MCE = 1 << 7;
export const L1D_CX8 = 1 << 8;
export const L1D_APIC = 1 << 9;
export const L1D_MTRR = 1 << 12;
export const L1D_PGE = 1 << 13;
export const L1D_CMOV = 1 << 15;
export const L1D_PAT = 1 << 16;
export const L1D_PSE36 = 1 << 17;
export const L1D_CLFSH = 1 << 19;
export const L1D_FXSR = 1 << 24;
export const L1D_SSE = 1 << 25;
export const L1D_SSE2 = 1 << 26;
/** Leaf 1 ECX. */
export const L1C_CX16 = 1 << 13;
export const L1C_PCID = 1 << 17;
export const L1C_POPCNT = 1 << 23;
export const L1C_HYPERVISOR = 1 << 31;
/** Leaf 7 subleaf 0 EBX and ECX. */
export const L7B_SMEP = 1 << 7;
export const L7B_INVPCID = 1 << 10;
export const L7B_SMAP = 1 << 20;
export const L7B_CLFLUSHOPT = 1 << 23;
/** PKU: protection keys for user pages (CR4.PKE, PKRU, rdpkru/wrpkru). */
export const L7C_PKU = 1 << 3;
/** OSPKE: reads as CR4.PKE, so user code can tell whether rdpkru/wrpkru will run. */
export const L7C_OSPKE = 1 << 4;
export const L7C_LA57 = 1 << 16;
/** Leaf 0x80000001 EDX and ECX. */
export const E1D_SYSCALL = 1 << 11;
export const E1D_NX = 1 << 20;
export const E1D_PAGE1GB = 1 << 26;
export const E1D_RDTSCP = 1 << 27;
export const E1D_LM = 1 << 29;
export const E1C_LAHF_LM = 1 << 0;
/** AMD's ABM: lzcnt (and popcnt, which leaf 1 names too). */
export const E1C_ABM = 1 << 5;
export const E1C_PREFETCHW = 1 << 8;
/** Leaf 0x80000007 EDX: the TSC runs at a constant rate (it counts instructions). */
export const E7D_INVARIANT_TSC = 1 << 8;

/**
 * The x86-64 baseline a 64-bit kernel assumes (FPU, TSC, MSR, PAE, CX8, CMOV, PAT, PSE, PGE,
 * FXSR, SSE, SSE2) and the system features the core implements: DE (CR4.DE), MCE (CR4.MCE;
 * no machine-check banks, so no MCA), APIC (the local APIC and its base MSR), MTRR (the
 * MSRs, stored), PSE-36 (the walker's 4 MiB pages above 4 GiB), CLFSH. Not MMX: the 0F
 * MMX forms are not implemented; nor SEP (no sysenter).
 */
export const LEAF1_EDX =
  L1D_FPU | L1D_DE | L1D_PSE | L1D_TSC | L1D_MSR | L1D_PAE | L1D_MCE | L1D_CX8 | L1D_APIC |
  L1D_MTRR | L1D_PGE | L1D_CMOV | L1D_PAT | L1D_PSE36 | L1D_CLFSH | L1D_FXSR | L1D_SSE |
  L1D_SSE2; // prettier-ignore
/** No SSE3+, MOVBE, x2APIC, XSAVE or MONITOR: an instruction is advertised once it runs. */
export const LEAF1_ECX = L1C_CX16 | L1C_PCID | L1C_POPCNT | L1C_HYPERVISOR;
export const LEAF7_EBX = L7B_SMEP | L7B_INVPCID | L7B_SMAP | L7B_CLFLUSHOPT;
export const LEAF7_ECX = L7C_PKU | L7C_LA57;
/** AMD repeats these leaf 1 EDX bits in 0x80000001 EDX (APM Vol. 3, appendix E.4.2). */
const AMD_ALIASES = 0x0183f3ff;
export const EXT1_EDX =
  (LEAF1_EDX & AMD_ALIASES) | E1D_SYSCALL | E1D_NX | E1D_PAGE1GB | E1D_RDTSCP | E1D_LM;
export const EXT1_ECX = E1C_LAHF_LM | E1C_ABM | E1C_PREFETCHW;

/** Leaf 1 and 0x80000001 EAX: stepping, model, family; family 0Fh puts model[7:4] in 19:16. */
export const SIGNATURE = STEPPING | ((MODEL & 0xf) << 4) | (FAMILY << 8) | ((MODEL >> 4) << 16);
/** Leaf 1 EBX: CLFLUSH line size in 8-byte units (64 bytes); one logical CPU, APIC ID 0. */
const LEAF1_EBX = 8 << 8;

/** A string as CPUID registers hold it: four ASCII bytes a dword, first byte lowest. */
function dwords(s: string, count: number): Int32Array {
  const out = new Int32Array(count);
  for (let k = 0; k < s.length; k++) out[k >> 2] |= s.charCodeAt(k) << (8 * (k & 3));
  return out;
}

const VENDOR_WORDS = dwords(VENDOR, 3);
/** 48 bytes, NUL-padded, over leaves 0x80000002-0x80000004. */
const BRAND_WORDS = dwords(BRAND, 12);

/**
 * CPUID for a leaf and subleaf: EAX, EBX, ECX, EDX into out[0..3]. Pure and allocation-free,
 * so the instruction and the debugger's panels share it. Leaves the model does not define
 * read as zeros, as on AMD. `cr4` is the CR4 the answer reflects (OSPKE).
 */
export function cpuidLeaf(leaf: number, subleaf: number, out: Int32Array, cr4 = 0): void {
  out.fill(0);
  switch (leaf >>> 0) {
    case 0:
    case 0x80000000:
      out[0] = leaf === 0 ? MAX_BASIC_LEAF : MAX_EXTENDED_LEAF | 0;
      // The vendor reads EBX, EDX, ECX in that order.
      out[1] = VENDOR_WORDS[0];
      out[3] = VENDOR_WORDS[1];
      out[2] = VENDOR_WORDS[2];
      return;
    case 1:
      out[0] = SIGNATURE;
      out[1] = LEAF1_EBX;
      out[2] = LEAF1_ECX;
      out[3] = LEAF1_EDX;
      return;
    case 7:
      if (subleaf !== 0) return;
      out[1] = LEAF7_EBX;
      out[2] = LEAF7_ECX | ((cr4 & CR4_PKE) !== 0 ? L7C_OSPKE : 0);
      return;
    case 0x80000001:
      out[0] = SIGNATURE;
      out[2] = EXT1_ECX;
      out[3] = EXT1_EDX;
      return;
    case 0x80000002:
    case 0x80000003:
    case 0x80000004: {
      const base = ((leaf >>> 0) - 0x80000002) * 4;
      for (let k = 0; k < 4; k++) out[k] = BRAND_WORDS[base + k];
      return;
    }
    case 0x80000007:
      out[3] = E7D_INVARIANT_TSC;
      return;
    case 0x80000008:
      out[0] = MAXPHYADDR | (LINEAR_ADDRESS_BITS << 8);
      return;
  }
}

/**
 * Whether an address with high dword `hi` is canonical for the model's linear-address width
 * (bits 63 down to width-1 all equal): what wrmsr of an address MSR and invpcid check,
 * whatever paging mode is in use.
 */
export function canonicalForModel(hi: number): boolean {
  const shift = 64 - LINEAR_ADDRESS_BITS;
  return (hi << shift) >> shift === hi;
}
