// NOT NEG INC DEC on registers and memory, with LOCK on memory operands.
import type { DiffCase } from '../case.ts';
import type { Rng } from '../prng.ts';
import { operandValue, WIDTHS } from '../values.ts';
import { CaseBuilder } from './builder.ts';
import { byteOrWord, regOrMem, segmentNoise } from './operand.ts';

const FORMS = [
  { mn: 'not', opcode: 0xf6, ext: 2 },
  { mn: 'neg', opcode: 0xf6, ext: 3 },
  { mn: 'inc', opcode: 0xfe, ext: 0 },
  { mn: 'dec', opcode: 0xfe, ext: 1 },
] as const;

export function genUnary(rng: Rng): DiffCase {
  const width = rng.pick(WIDTHS);
  const b = new CaseBuilder(rng, 'unary', { legacyBytes: width === 8 && rng.chance(0.3) });
  const form = rng.pick(FORMS);
  const dst = regOrMem(b, width, operandValue(rng, width));
  const lock = dst.kind === 'mem' && rng.chance(0.25) ? [0xf0] : [];
  b.emit(form.mn, [dst], {
    prefixes: [...lock, ...segmentNoise(b, dst)],
    opsize: width,
    opcode: [form.opcode + byteOrWord(width)],
    reg: form.ext,
    rm: dst,
  });
  return b.build();
}
