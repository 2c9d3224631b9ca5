// MOVZX MOVSX MOVSXD from byte, word and dword sources, including the rarely emitted forms:
// 16-bit destinations, MOVSXD without REX.W (a plain 32-bit move) and with 66.
import type { DiffCase } from '../case.ts';
import type { Rng } from '../prng.ts';
import { operandValue } from '../values.ts';
import type { Width } from '../values.ts';
import { CaseBuilder } from './builder.ts';
import { regOrMem, valueReg } from './operand.ts';

interface Form {
  mn: string;
  opcode: number[];
  src: Width;
  dst: readonly Width[];
}

const FORMS: readonly Form[] = [
  { mn: 'movzx', opcode: [0x0f, 0xb6], src: 8, dst: [16, 32, 64] },
  { mn: 'movzx', opcode: [0x0f, 0xb7], src: 16, dst: [16, 32, 64] },
  { mn: 'movsx', opcode: [0x0f, 0xbe], src: 8, dst: [16, 32, 64] },
  { mn: 'movsx', opcode: [0x0f, 0xbf], src: 16, dst: [16, 32, 64] },
  { mn: 'movsxd', opcode: [0x63], src: 32, dst: [16, 32, 64] },
];

export function genExtend(rng: Rng): DiffCase {
  const form = rng.pick(FORMS);
  const dstWidth = rng.pick(form.dst);
  // A byte source may be AH..BH, which rules out REX for the whole instruction.
  const b = new CaseBuilder(rng, 'extend', {
    legacyBytes: form.src === 8 && dstWidth !== 64 && rng.chance(0.3),
  });
  const dst = valueReg(b, dstWidth, operandValue(rng, dstWidth));
  const srcWidth = form.mn === 'movsxd' ? (dstWidth === 16 ? 16 : 32) : form.src;
  const src = regOrMem(b, srcWidth, operandValue(rng, srcWidth));
  b.emit(form.mn, [dst, src], { opsize: dstWidth, opcode: form.opcode, reg: dst, rm: src });
  return b.build();
}
