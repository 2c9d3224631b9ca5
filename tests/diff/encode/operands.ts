// Operands as the encoder and the text formatter see them.
import type { Width } from '../values.ts';

export interface Reg {
  kind: 'reg';
  /** Register number 0..15 in encoding order (for AH..BH: the register they are part of). */
  num: number;
  width: Width;
  /** AH, CH, DH, BH: encoded as 4..7 and usable only without a REX prefix. */
  high?: boolean;
}

export interface Mem {
  kind: 'mem';
  /** Access size in bits, for the text only (128 for cmpxchg16b). */
  width: Width | 128;
  base: number | null;
  index: number | null;
  scale: 1 | 2 | 4 | 8;
  disp: number;
  /** RIP-relative: disp counts from the end of the instruction. */
  rip?: boolean;
  /** 67 prefix: 32-bit address computation. */
  addr32?: boolean;
  /** A longer displacement than needed, or a SIB byte with no index: valid, rarely emitted. */
  dispSize?: 8 | 32;
  forceSib?: boolean;
}

export interface Imm {
  kind: 'imm';
  value: bigint;
  size: 1 | 2 | 4 | 8;
}

export type Operand = Reg | Mem | Imm;

export function reg(num: number, width: Width): Reg {
  return { kind: 'reg', num, width };
}

export function highByte(num: number): Reg {
  if (num > 3) throw new Error('only RAX..RBX have a high byte register');
  return { kind: 'reg', num, width: 8, high: true };
}

export function imm(value: bigint, size: 1 | 2 | 4 | 8): Imm {
  return { kind: 'imm', value, size };
}

/** The 3-bit field value plus the REX extension bit. */
export function regCode(r: Reg): number {
  return r.high ? r.num + 4 : r.num;
}

/** SPL, BPL, SIL, DIL exist only with a REX prefix (without one, codes 4..7 mean AH..BH). */
export function needsRex(r: Reg): boolean {
  return r.num >= 8 || (r.width === 8 && !r.high && r.num >= 4);
}
