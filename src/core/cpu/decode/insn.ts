import type { Cpu } from '../cpu.ts';
import type { OpcodeEntry } from './opcode-table.ts';

/** An instruction's semantics: runs one decoded instruction against the CPU. */
export type Handler = (c: Cpu, i: Insn) => void;

/** Memory-operand base meaning "RIP-relative": disp is then relative to the block start. */
export const BASE_RIP = -2;
export const NO_REG = -1;

/** Prefix bits kept in Insn.prefixes. */
export const PFX_REP = 1; // F3: rep / repe
export const PFX_REPNE = 2; // F2
export const PFX_LOCK = 4;
export const PFX_OPSIZE = 8; // 66
export const PFX_ADSIZE = 16; // 67
export const PFX_REX = 32;
export const PFX_REXW = 64;

/**
 * One decoded instruction: everything its handler needs, resolved once at decode time
 * (operand size, register numbers, the memory operand's parts, sign-extended immediates),
 * so running it again from the block cache reads fields and decodes nothing.
 */
export class Insn {
  exec: Handler;
  entry: OpcodeEntry;
  /** Sub-operation: ALU kind, condition code, ModRM.reg of a group, shift kind... */
  op = 0;
  /** Operand size in bytes: 1, 2, 4 or 8. */
  osize = 4;
  /** Address size in bytes: 2, 4 or 8. */
  asize = 8;
  /** ModRM.reg with REX.R, or the register in the opcode's low bits (with REX.B). Byte
   * registers AH/CH/DH/BH are HIGH_BYTE | 0-3. */
  reg = 0;
  /** The register operand ModRM.rm names, or NO_REG when the operand is in memory. */
  rm = NO_REG;
  /** Memory operand: base register (NO_REG, or BASE_RIP), index (NO_REG), scale as a shift. */
  base = NO_REG;
  index = NO_REG;
  scale = 0;
  /** Displacement; for BASE_RIP it already includes the instruction's end offset in its block. */
  disp = 0;
  /** Segment register of the memory operand after overrides. */
  seg = 3;
  /** Whether a segment override prefix was given (string instructions' source honours it). */
  segOverride = false;
  /** Immediate, sign-extended to 32 bits; immHi is its high dword for 64-bit operands. */
  imm = 0;
  immHi = 0;
  /** Second immediate: enter's nesting level, a far pointer's selector. */
  imm2 = 0;
  /** Offset of the first byte from the block's start, and the length in bytes. */
  start = 0;
  len = 0;
  prefixes = 0;
  /** The raw ModRM byte (-1 if none), for handlers that look at mod or rm bits themselves. */
  modrm = -1;

  constructor(exec: Handler, entry: OpcodeEntry) {
    this.exec = exec;
    this.entry = entry;
  }
}
