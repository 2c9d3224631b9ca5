// ADD OR ADC SBB AND SUB XOR CMP and TEST in every encoding form and width, register and memory
// destinations, with LOCK on memory destinations.
import type { DiffCase } from '../case.ts';
import type { Rng } from '../prng.ts';
import { operandValue, WIDTHS } from '../values.ts';
import { CaseBuilder } from './builder.ts';
import { byteOrWord, fullImm, regOrMem, segmentNoise, shortImm, valueReg } from './operand.ts';

const OPS = ['add', 'or', 'adc', 'sbb', 'and', 'sub', 'xor', 'cmp'] as const;
const CMP = 7;
const LOCK = 0xf0;

export function genAlu(rng: Rng): DiffCase {
  const width = rng.pick(WIDTHS);
  const b = new CaseBuilder(rng, 'alu', { legacyBytes: width === 8 && rng.chance(0.3) });
  const w = byteOrWord(width);
  const a = operandValue(rng, width);
  const c = operandValue(rng, width);
  if (rng.chance(0.12)) return genTest(b, width, a, c);
  const op = rng.int(8);
  const mn = OPS[op]!;
  const lockable = (dst: { kind: string }): boolean =>
    dst.kind === 'mem' && op !== CMP && rng.chance(0.2);

  switch (rng.int(5)) {
    case 0: {
      const src = valueReg(b, width, c);
      const dst = regOrMem(b, width, a);
      const lock = lockable(dst) ? [LOCK] : [];
      const prefixes = [...lock, ...segmentNoise(b, dst)];
      b.emit(mn, [dst, src], { prefixes, opsize: width, opcode: [op * 8 + w], reg: src, rm: dst });
      break;
    }
    case 1: {
      const dst = valueReg(b, width, a);
      const src = regOrMem(b, width, c);
      b.emit(mn, [dst, src], {
        prefixes: segmentNoise(b, src),
        opsize: width,
        opcode: [op * 8 + 2 + w],
        reg: dst,
        rm: src,
      });
      break;
    }
    case 2: {
      const acc = { kind: 'reg' as const, num: 0, width };
      b.set(acc, a);
      const i = fullImm(width, c);
      b.emit(mn, [acc, i], { opsize: width, opcode: [op * 8 + 4 + w], imm: i });
      break;
    }
    default: {
      // 83 takes an imm8 sign-extended to the operand size; 80 and 81 a full-size immediate.
      const short = width !== 8 && rng.chance(0.5);
      const dst = regOrMem(b, width, a);
      const i = short ? shortImm(operandValue(rng, 8)) : fullImm(width, c);
      const lock = lockable(dst) ? [LOCK] : [];
      const opcode = width === 8 ? 0x80 : short ? 0x83 : 0x81;
      b.emit(mn, [dst, i], {
        prefixes: [...lock, ...segmentNoise(b, dst)],
        opsize: width,
        opcode: [opcode],
        reg: op,
        rm: dst,
        imm: i,
      });
    }
  }
  return b.build();
}

function genTest(b: CaseBuilder, width: (typeof WIDTHS)[number], a: bigint, c: bigint): DiffCase {
  const w = byteOrWord(width);
  switch (b.rng.int(3)) {
    case 0: {
      const src = valueReg(b, width, c);
      const dst = regOrMem(b, width, a);
      b.emit('test', [dst, src], { opsize: width, opcode: [0x84 + w], reg: src, rm: dst });
      break;
    }
    case 1: {
      const acc = { kind: 'reg' as const, num: 0, width };
      b.set(acc, a);
      const i = fullImm(width, c);
      b.emit('test', [acc, i], { opsize: width, opcode: [0xa8 + w], imm: i });
      break;
    }
    default: {
      // F6/F7 /1 is an undocumented alias of /0 that both vendors decode as TEST.
      const ext = b.rng.chance(0.2) ? 1 : 0;
      const dst = regOrMem(b, width, a);
      const i = fullImm(width, c);
      b.emit('test', [dst, i], { opsize: width, opcode: [0xf6 + w], reg: ext, rm: dst, imm: i });
    }
  }
  return b.build();
}
