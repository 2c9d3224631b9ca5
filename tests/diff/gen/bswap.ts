// BSWAP on 32- and 64-bit registers, and with a 66 prefix, whose result the manuals leave
// undefined (the emulator copies the host).
import type { DiffCase } from '../case.ts';
import type { Rng } from '../prng.ts';
import { operandValue } from '../values.ts';
import { CaseBuilder } from './builder.ts';
import { valueReg } from './operand.ts';

export function genBswap(rng: Rng): DiffCase {
  const width = rng.chance(0.15) ? 16 : rng.pick([32, 64] as const);
  const b = new CaseBuilder(rng, 'bswap');
  const r = valueReg(b, width, operandValue(rng, width));
  b.emit('bswap', [r], { opsize: width, opcode: [0x0f, 0xc8], opreg: r });
  return b.build();
}
