// Operand choices shared by the generators.
import type { Imm, Mem, Reg } from '../encode/operands.ts';
import { imm } from '../encode/operands.ts';
import type { Width } from '../values.ts';
import type { CaseBuilder } from './builder.ts';

/** A register holding `value`. */
export function valueReg(
  b: CaseBuilder,
  width: Width,
  value: bigint,
  exclude: readonly number[] = [],
): Reg {
  const r = b.reg(width, exclude);
  b.set(r, value);
  return r;
}

/** A register or (about a third of the time) a memory operand holding `value`. */
export function regOrMem(
  b: CaseBuilder,
  width: Width,
  value: bigint,
  exclude: readonly number[] = [],
): Reg | Mem {
  if (b.rng.chance(0.35)) return b.mem(width, { value, exclude });
  return valueReg(b, width, value, exclude);
}

/** Segment overrides other than FS/GS do nothing in 64-bit mode, which is itself worth testing
 *  on memory operands. FS and GS are left out: their bases differ between host and emulator. */
export function segmentNoise(b: CaseBuilder, operand: Reg | Mem): number[] {
  if (operand.kind !== 'mem' || !b.rng.chance(0.08)) return [];
  return [b.rng.pick([0x26, 0x2e, 0x36, 0x3e])];
}

/** The opcode's low bit: 0 selects the byte form, 1 the 16/32/64-bit form. */
export function byteOrWord(width: Width): number {
  return width === 8 ? 0 : 1;
}

/** A full-size immediate for the width; 64-bit forms take an imm32 the CPU sign-extends, so it
 *  is kept signed for the text. */
export function fullImm(width: Width, value: bigint): Imm {
  if (width === 64) return imm(BigInt.asIntN(32, value), 4);
  return imm(BigInt.asUintN(width, value), width === 8 ? 1 : width === 16 ? 2 : 4);
}

/** An imm8 the CPU sign-extends to the operand size. */
export function shortImm(value: bigint): Imm {
  return imm(BigInt.asIntN(8, value), 1);
}
