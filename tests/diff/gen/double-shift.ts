// SHLD and SHRD by imm8 and by CL, 16/32/64-bit (16-bit counts above 16 are undefined by the
// manuals; the emulator follows the host there too).
import type { DiffCase } from '../case.ts';
import { imm, reg } from '../encode/operands.ts';
import type { Rng } from '../prng.ts';
import { operandValue } from '../values.ts';
import { CaseBuilder } from './builder.ts';
import { regOrMem, valueReg } from './operand.ts';
import { shiftCount } from './shift.ts';

const RCX = 1;

export function genDoubleShift(rng: Rng): DiffCase {
  const width = rng.pick([16, 32, 64] as const);
  const b = new CaseBuilder(rng, 'shld-shrd');
  const left = rng.chance(0.5);
  const mn = left ? 'shld' : 'shrd';
  const base = left ? 0xa4 : 0xac;
  const count = BigInt(shiftCount(rng, width));
  if (rng.chance(0.5)) {
    const cl = reg(RCX, 8);
    b.set(cl, count);
    const exclude = rng.chance(0.9) ? [RCX] : [];
    const src = valueReg(b, width, operandValue(rng, width), exclude);
    const dst = regOrMem(b, width, operandValue(rng, width), exclude);
    b.emit(mn, [dst, src, cl], { opsize: width, opcode: [0x0f, base + 1], reg: src, rm: dst });
  } else {
    const src = valueReg(b, width, operandValue(rng, width));
    const dst = regOrMem(b, width, operandValue(rng, width));
    const i = imm(count, 1);
    b.emit(mn, [dst, src, i], { opsize: width, opcode: [0x0f, base], reg: src, rm: dst, imm: i });
  }
  return b.build();
}
