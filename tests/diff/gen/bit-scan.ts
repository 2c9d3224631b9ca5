// BSF BSR TZCNT LZCNT POPCNT. A zero source matters most: BSF/BSR then leave the destination
// undefined by Intel's manual (unchanged on AMD) while TZCNT/LZCNT return the width.
import type { DiffCase } from '../case.ts';
import type { Rng } from '../prng.ts';
import { operandValue } from '../values.ts';
import type { Width } from '../values.ts';
import { CaseBuilder } from './builder.ts';
import { regOrMem, valueReg } from './operand.ts';

const FORMS = [
  { mn: 'bsf', mandatory: undefined, opcode: 0xbc },
  { mn: 'bsr', mandatory: undefined, opcode: 0xbd },
  { mn: 'tzcnt', mandatory: 0xf3, opcode: 0xbc },
  { mn: 'lzcnt', mandatory: 0xf3, opcode: 0xbd },
  { mn: 'popcnt', mandatory: 0xf3, opcode: 0xb8 },
] as const;

function scanSource(rng: Rng, width: Width): bigint {
  const roll = rng.int(10);
  if (roll < 2) return 0n;
  if (roll < 4) return 1n << BigInt(rng.int(width));
  return operandValue(rng, width);
}

export function genBitScan(rng: Rng): DiffCase {
  const width = rng.pick([16, 32, 64] as const);
  const b = new CaseBuilder(rng, 'bit-scan');
  const form = rng.pick(FORMS);
  const dst = valueReg(b, width, operandValue(rng, width));
  const src = regOrMem(b, width, scanSource(rng, width));
  b.emit(form.mn, [dst, src], {
    mandatory: form.mandatory,
    opsize: width,
    opcode: [0x0f, form.opcode],
    reg: dst,
    rm: src,
  });
  return b.build();
}
