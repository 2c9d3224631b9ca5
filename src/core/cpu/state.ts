import { FIXED_ONE } from './flags.ts';

/**
 * Architectural state of one x86_64 CPU. Everything the hot path touches lives in typed
 * arrays of int32 so V8 never boxes a value: a 64-bit register is a (low, high) int32 pair,
 * low word at even index. BigInt appears only at the edges (snapshots, analysis, UI).
 */
export class CpuState {
  /** RAX..R15 as int32 pairs: gpr[2n] = bits 0-31, gpr[2n+1] = bits 32-63. */
  readonly gpr = new Int32Array(32);
  /** rip[0] low, rip[1] high: the address of the next instruction to run. */
  readonly rip = new Int32Array(2);
  /** RFLAGS with the arithmetic bits valid only while cc[CC_OP] is EAGER (see lazy-flags.ts). */
  flags = FIXED_ONE;
  /** Lazy arithmetic-flag inputs: the last flag-setting operation and its operands. */
  readonly cc = new Int32Array(8);

  /** Segment caches indexed ES CS SS DS FS GS LDTR TR: selector and hidden descriptor parts. */
  readonly segSel = new Int32Array(8);
  readonly segBaseLo = new Int32Array(8);
  readonly segBaseHi = new Int32Array(8);
  readonly segLimit = new Int32Array(8);
  /** Descriptor attribute bits as they sit in the high dword (bits 8-23): type, S, DPL, P, AVL, L, D/B, G. */
  readonly segAttr = new Int32Array(8);

  /** GDTR and IDTR: base pairs and 16-bit limits. */
  readonly gdtr = new Int32Array(3);
  readonly idtr = new Int32Array(3);

  cr0 = 0x60000010;
  readonly cr2 = new Int32Array(2);
  readonly cr3 = new Int32Array(2);
  cr4 = 0;
  cr8 = 0;
  efer = 0;
  /** DR0-DR7 as pairs (DR4/DR5 alias DR6/DR7 and are not stored separately). */
  readonly dr = new Int32Array(16);

  /** x87 control, status and abridged tag words; only what fninit/fxsave/fxrstor need. */
  fcw = 0x037f;
  fsw = 0;
  ftw = 0;
  mxcsr = 0x1f80;
  /** XMM0-15, four dwords each, lowest dword first. */
  readonly xmm = new Int32Array(64);
  /** ST0-7/MM0-7 as fxsave stores them (16 bytes a register), kept byte-exact for fxrstor. */
  readonly x87regs = new Uint8Array(128);

  /** PKRU: AD/WD bit pairs of the 16 protection keys (RDPKRU, WRPKRU; CR4.PKE applies it). */
  pkru = 0;

  /** Current privilege level, mirrored from CS.RPL/SS.DPL on every change. */
  cpl = 0;
  /** Code size from the CS cache and EFER.LMA: 16, 32 or 64. */
  mode: 16 | 32 | 64 = 32;
}

/** cc[] slots. */
export const CC_OP = 0;
export const CC_RES = 1;
export const CC_RES_HI = 2;
export const CC_SRC = 3;
export const CC_SRC_HI = 4;
export const CC_DST = 5;
export const CC_DST_HI = 6;
/** Carry-in for ADC/SBB, the preserved CF for INC/DEC. */
export const CC_AUX = 7;
