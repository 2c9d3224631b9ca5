/** General-purpose register numbers in x86 encoding order (ModRM/REX numbering). */
export const RAX = 0;
export const RCX = 1;
export const RDX = 2;
export const RBX = 3;
export const RSP = 4;
export const RBP = 5;
export const RSI = 6;
export const RDI = 7;
export const R8 = 8;

export const GPR_NAMES = [
  'rax', 'rcx', 'rdx', 'rbx', 'rsp', 'rbp', 'rsi', 'rdi',
  'r8', 'r9', 'r10', 'r11', 'r12', 'r13', 'r14', 'r15',
] as const; // prettier-ignore

/** Segment register numbers in encoding order (the sreg field of mov Sw and the prefixes). */
export const ES = 0;
export const CS = 1;
export const SS = 2;
export const DS = 3;
export const FS = 4;
export const GS = 5;
/** LDTR and TR share the segment-cache storage after the six selectors. */
export const LDTR = 6;
export const TR = 7;

export const SEG_NAMES = ['es', 'cs', 'ss', 'ds', 'fs', 'gs', 'ldtr', 'tr'] as const;

/**
 * Byte-register operand codes. Without REX, codes 4-7 name AH, CH, DH, BH (bits 8-15 of
 * registers 0-3); the decoder turns them into `HIGH_BYTE | n` so executors never look at REX.
 */
export const HIGH_BYTE = 0x10;
