// BT BTS BTR BTC with register and imm8 bit offsets, on registers and memory. A register offset
// on a memory operand is signed and not masked, so it reaches bytes far from the addressed word.
import type { DiffCase } from '../case.ts';
import { DATA_SIZE } from '../case.ts';
import { imm } from '../encode/operands.ts';
import type { Rng } from '../prng.ts';
import { operandValue } from '../values.ts';
import { CaseBuilder } from './builder.ts';
import { regOrMem, segmentNoise, valueReg } from './operand.ts';

const NAMES = ['bt', 'bts', 'btr', 'btc'];
const REG_OPCODES = [0xa3, 0xab, 0xb3, 0xbb];

export function genBitTest(rng: Rng): DiffCase {
  const width = rng.pick([16, 32, 64] as const);
  const b = new CaseBuilder(rng, 'bit-test');
  const op = rng.int(4);
  const lock = (dst: { kind: string }): number[] =>
    dst.kind === 'mem' && op > 0 && rng.chance(0.2) ? [0xf0] : [];
  if (rng.chance(0.4)) {
    const i = imm(BigInt(rng.chance(0.7) ? rng.int(width + 2) : rng.int(256)), 1);
    const dst = regOrMem(b, width, operandValue(rng, width));
    const prefixes = [...lock(dst), ...segmentNoise(b, dst)];
    b.emit(NAMES[op]!, [dst, i], {
      prefixes,
      opsize: width,
      opcode: [0x0f, 0xba],
      reg: 4 + op,
      rm: dst,
      imm: i,
    });
    return b.build();
  }
  if (rng.chance(0.5)) {
    const offset = valueReg(b, width, operandValue(rng, width));
    const dst = valueReg(b, width, operandValue(rng, width));
    b.emit(NAMES[op]!, [dst, offset], {
      opsize: width,
      opcode: [0x0f, REG_OPCODES[op]!],
      reg: offset,
      rm: dst,
    });
    return b.build();
  }
  // Memory with a register offset: the operand sits mid-window and the offset, which also fits
  // a signed 16-bit register, stays within 0xe00 bytes of it either way.
  const reach = rng.chance(0.5) ? 64 : 0xe00 * 8;
  const bits = BigInt(rng.int(2 * reach + 1) - reach);
  const offset = valueReg(b, width, BigInt.asUintN(width, bits));
  const dst = b.mem(width, { offset: DATA_SIZE / 2 + rng.int(64) - 32 });
  const prefixes = [...lock(dst), ...segmentNoise(b, dst)];
  b.emit(NAMES[op]!, [dst, offset], {
    prefixes,
    opsize: width,
    opcode: [0x0f, REG_OPCODES[op]!],
    reg: offset,
    rm: dst,
  });
  return b.build();
}
