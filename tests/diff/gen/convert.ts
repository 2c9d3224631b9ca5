// CBW CWDE CDQE (98) and CWD CDQ CQO (99): sign extension within rAX and into rDX.
import type { DiffCase } from '../case.ts';
import { reg } from '../encode/operands.ts';
import type { Rng } from '../prng.ts';
import { operandValue } from '../values.ts';
import { CaseBuilder } from './builder.ts';

const NAMES: Record<number, [string, string]> = {
  16: ['cbw', 'cwd'],
  32: ['cwde', 'cdq'],
  64: ['cdqe', 'cqo'],
};

export function genConvert(rng: Rng): DiffCase {
  const width = rng.pick([16, 32, 64] as const);
  const b = new CaseBuilder(rng, 'convert');
  b.set(reg(0, 64), operandValue(rng, 64));
  const toRdx = rng.chance(0.5);
  b.emit(NAMES[width]![toRdx ? 1 : 0], [], { opsize: width, opcode: [toRdx ? 0x99 : 0x98] });
  return b.build();
}
