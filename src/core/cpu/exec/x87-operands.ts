import type { Cpu } from '../cpu.ts';
import type { Insn } from '../decode/insn.ts';
import { addLinear, read16, read32, read64 } from '../../mmu/access.ts';
import { operate, ROUND } from '../fpu/arith.ts';
import { unpackDouble, unpackExtended, unpackSingle } from '../fpu/formats.ts';
import { loadInteger, storeExact } from '../fpu/integer.ts';
import { propagateX87 } from '../fpu/nan.ts';
import { FLAG_DE } from '../fpu/round.ts';
import { R, isDenormalSource } from '../fpu/value.ts';
import { ea } from './operands.ts';
import { roundControl, roundToPrecision } from './x87-stack.ts';

/**
 * x87 memory operands read into value slots, and one arithmetic operation under the control
 * word. Memory is read before anything changes, so a page fault leaves the FPU as it was.
 */
export const M32_REAL = 0;
export const M32_INT = 1;
export const M64_REAL = 2;
export const M16_INT = 3;
export const M64_INT = 4;
export const M80_REAL = 5;

/** An 80-bit memory value as it is: significand low and high dwords, sign and exponent. */
export const RAW = new Int32Array(3);

export function readRawExtended(c: Cpu, lo: number, hi: number): void {
  const a = read64(c, lo, hi);
  const b = c.tmp[0];
  RAW[2] = read16(c, addLinear(c, lo, hi, 8), c.tmp[1]);
  RAW[0] = a;
  RAW[1] = b;
}

/** Reads the memory operand of kind `kind` into slot v. */
export function readMemOperand(c: Cpu, i: Insn, kind: number, v: number): void {
  const lo = ea(c, i);
  const hi = c.tmp[1];
  switch (kind) {
    case M32_REAL:
      unpackSingle(v, read32(c, lo, hi), false);
      return;
    case M64_REAL: {
      const a = read64(c, lo, hi);
      unpackDouble(v, a, c.tmp[0], false);
      return;
    }
    case M80_REAL:
      readRawExtended(c, lo, hi);
      unpackExtended(v, RAW[0], RAW[1], RAW[2]);
      return;
    case M64_INT: {
      const a = read64(c, lo, hi);
      if (loadInteger(v, a, c.tmp[0])) storeExact(v);
      return;
    }
    default: {
      const a = kind === M32_INT ? read32(c, lo, hi) : (read16(c, lo, hi) << 16) >> 16;
      if (loadInteger(v, a, a >> 31)) storeExact(v);
    }
  }
}

/** a op b into slot R, x87 rules: NaN propagation, denormal operands, precision control.
 * An invalid operation or a division by zero outranks a denormal operand (SDM Vol. 1,
 * 4.9.2); an unmasked denormal operand stops the operation before rounding. */
export function x87Operate(c: Cpu, op: number, a: number, b: number): number {
  const nan = propagateX87(a, b, R);
  if (nan >= 0) return nan;
  const flags = operate(op, a, b, R, roundControl(c));
  if (flags !== ROUND && flags !== 0) return flags;
  const denormal = isDenormalSource(a) || isDenormalSource(b) ? FLAG_DE : 0;
  if (flags !== ROUND || (denormal !== 0 && (c.fcw & FLAG_DE) === 0)) return denormal;
  return denormal | roundToPrecision(c, R);
}
