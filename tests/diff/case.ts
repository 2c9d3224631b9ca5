// The shape of one differential case and of what either CPU made of it. Addresses match
// src/core/cpu/run-bytes.ts; the harness maps the same ones.
export const CODE_BASE = 0x100000;
export const DATA_BASE = 0x200000;
export const DATA_SIZE = 0x2000;

export const CF = 0x001n;
export const PF = 0x004n;
export const AF = 0x010n;
export const ZF = 0x040n;
export const SF = 0x080n;
export const DF = 0x400n;
export const OF = 0x800n;
/** The flags a case sets and the comparison checks: CF PF AF ZF SF OF and DF. */
export const CASE_FLAGS = CF | PF | AF | ZF | SF | OF | DF;
/** Bit 1 always reads one; IF is set in user mode, where the host runs the cases. */
export const FIXED_FLAGS = 0x202n;

export const FLAG_NAMES: readonly [string, bigint][] = [
  ['CF', CF],
  ['PF', PF],
  ['AF', AF],
  ['ZF', ZF],
  ['SF', SF],
  ['OF', OF],
  ['DF', DF],
];

export const GPR_NAMES = [
  'rax',
  'rcx',
  'rdx',
  'rbx',
  'rsp',
  'rbp',
  'rsi',
  'rdi',
  'r8',
  'r9',
  'r10',
  'r11',
  'r12',
  'r13',
  'r14',
  'r15',
] as const;

export interface Patch {
  offset: number;
  bytes: Uint8Array;
}

export interface DiffCase {
  /** Instruction family, the unit mismatches are grouped by. */
  family: string;
  /** Intel-syntax text of the code, for people reading a report. */
  text: string;
  code: Uint8Array;
  /** Initial RAX..R15 in encoding order, unsigned 64-bit. */
  gpr: bigint[];
  /** Initial arithmetic flags and DF (other bits are ignored). */
  rflags: bigint;
  /** Seed of the data window's background (see data-fill.ts). */
  fillSeed: number;
  /** Bytes the case places over that background. */
  patches: Patch[];
  /** Registers the case chose values for, shown first in reports. */
  involved: number[];
}

export interface Outcome {
  /** Exception vector, or null when the code ran to its end. */
  vector: number | null;
  /** The error code the exception pushed, or null for vectors that push none. */
  errorCode: number | null;
  gpr: bigint[];
  rflags: bigint;
  rip: bigint;
  /** Changed bytes of the data window, as maximal runs. */
  changes: Patch[];
}
