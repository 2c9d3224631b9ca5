// Builds probes: one register-form instruction with the destination in RBX, the source in RSI
// and a count in CL (or rDX:rAX for multiply and divide), all flags random.
import { CASE_FLAGS } from '../case.ts';
import type { Outcome } from '../case.ts';
import { encode } from '../encode/instr.ts';
import type { InstrSpec } from '../encode/instr.ts';
import { reg } from '../encode/operands.ts';
import { handCase } from '../hand-case.ts';
import type { Rng } from '../prng.ts';
import { mask, operandValue } from '../values.ts';
import type { Width } from '../values.ts';
import type { Probe } from './probe.ts';

export const RAX = 0;
export const RCX = 1;
export const RDX = 2;
export const RBX = 3;
export const RSI = 6;

export const dstReg = (w: Width) => reg(RBX, w);
export const srcReg = (w: Width) => reg(RSI, w);

function low(o: Outcome, num: number, width: number, shift = 0): bigint {
  return (o.gpr[num]! >> BigInt(shift)) & mask(width);
}

/** A destination/source/count instruction; the result is the destination. */
export function twoOperand(
  rng: Rng,
  width: Width,
  spec: (w: Width) => InstrSpec,
  count = 0,
  values?: { dst: bigint; src: bigint },
): Probe {
  const dst = values?.dst ?? operandValue(rng, width);
  const src = values?.src ?? operandValue(rng, width);
  const flagsIn = rng.next64() & CASE_FLAGS;
  const c = handCase({
    code: [...encode(spec(width))],
    regs: { rbx: dst, rsi: src, rcx: BigInt(count) },
    rflags: flagsIn,
  });
  return { c, width, dst, src, count, flagsIn, result: (o) => low(o, RBX, width) };
}

/** MUL/IMUL/DIV/IDIV on rDX:rAX (AX for bytes) with the operand in RSI. */
export function accumulator(
  rng: Rng,
  width: Width,
  ext: number,
  values: { hi: bigint; lo: bigint; src: bigint },
): Probe {
  const flagsIn = rng.next64() & CASE_FLAGS;
  const byte = width === 8;
  const regs = byte
    ? { rax: (values.hi << 8n) | values.lo, rsi: values.src }
    : { rax: values.lo, rdx: values.hi, rsi: values.src };
  const spec: InstrSpec = {
    opsize: width,
    opcode: [byte ? 0xf6 : 0xf7],
    reg: ext,
    rm: srcReg(width),
  };
  const c = handCase({ code: [...encode(spec)], regs, rflags: flagsIn });
  return {
    c,
    width,
    dst: values.lo,
    src: values.src,
    count: 0,
    flagsIn,
    result: (o) => low(o, RAX, width),
    result2: (o) => (byte ? low(o, RAX, 8, 8) : low(o, RDX, width)),
  };
}
