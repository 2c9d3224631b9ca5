// SETcc and CMOVcc for all sixteen conditions over random flags, so each condition is seen both
// true and false. CMOVcc with a 32-bit operand clears the upper half even when it does not move.
import type { DiffCase } from '../case.ts';
import type { Rng } from '../prng.ts';
import { operandValue } from '../values.ts';
import { CaseBuilder } from './builder.ts';
import { regOrMem, valueReg } from './operand.ts';

const CC = ['o', 'no', 'b', 'ae', 'e', 'ne', 'be', 'a', 's', 'ns', 'p', 'np', 'l', 'ge', 'le', 'g'];

export function genCondition(rng: Rng): DiffCase {
  const cc = rng.int(16);
  if (rng.chance(0.5)) {
    const b = new CaseBuilder(rng, 'condition', { legacyBytes: rng.chance(0.3) });
    const dst = regOrMem(b, 8, operandValue(rng, 8));
    // The ModRM reg field is ignored; nonzero values are valid but never emitted by assemblers.
    const ext = rng.chance(0.1) ? 1 + rng.int(7) : 0;
    b.emit(`set${CC[cc]}`, [dst], { opcode: [0x0f, 0x90 + cc], reg: ext, rm: dst });
    return b.build();
  }
  const width = rng.pick([16, 32, 64] as const);
  const b = new CaseBuilder(rng, 'condition');
  const dst = valueReg(b, width, operandValue(rng, width));
  const src = regOrMem(b, width, operandValue(rng, width));
  b.emit(`cmov${CC[cc]}`, [dst, src], {
    opsize: width,
    opcode: [0x0f, 0x40 + cc],
    reg: dst,
    rm: src,
  });
  return b.build();
}
