// Bit tests, bit scans, TZCNT/LZCNT and the 16-bit BSWAP.
import { imm } from '../encode/operands.ts';
import { operandValue } from '../values.ts';
import { fromValue } from './probe.ts';
import { dstReg, srcReg, twoOperand } from './sample.ts';
import { pickWidth } from './subject.ts';
import type { Subject } from './subject.ts';

function bitTestSubject(ext: number, name: string): Subject {
  const text = 'SDM: undefined. APM: U.';
  return {
    instruction: `${name} r/m, imm8`,
    manual: { OF: text, SF: text, AF: text, PF: text },
    sample: (rng) => {
      const w = pickWidth(rng, [16, 32, 64]);
      return twoOperand(rng, w, (ww) => ({
        opsize: ww,
        opcode: [0x0f, 0xba],
        reg: ext,
        rm: dstReg(ww),
        imm: imm(BigInt(rng.int(256)), 1),
      }));
    },
  };
}

function scanSubject(op: number, name: string, zero: boolean): Subject {
  const manual: Record<string, string> = Object.fromEntries(
    ['CF', 'OF', 'SF', 'AF', 'PF'].map((f) => [f, 'SDM: undefined. APM: U.']),
  );
  if (zero) {
    manual.result = 'SDM: the destination is undefined. APM: the destination is left unchanged.';
  }
  return {
    instruction: `${name} (source ${zero ? '= 0' : '!= 0'})`,
    manual,
    sample: (rng) => {
      const w = pickWidth(rng, [16, 32, 64]);
      const src = zero ? 0n : operandValue(rng, w) || 1n;
      return twoOperand(
        rng,
        w,
        (ww) => ({ opsize: ww, opcode: [0x0f, op], reg: dstReg(ww), rm: srcReg(ww) }),
        0,
        { dst: operandValue(rng, w), src },
      );
    },
    rules: {
      ...Object.fromEntries(
        ['SF', 'PF', 'AF'].map((f) => [f, [fromValue(f, 'the source', (p) => p.src)]]),
      ),
      // The whole register, not just the operand: a 32-bit write would clear the upper half.
      result: [
        {
          name: 'unchanged (all 64 bits)',
          predict: (p, o) => (o.gpr[3] === p.c.gpr[3] ? p.result(o) : -1n),
        },
      ],
    },
  };
}

function countSubject(name: string, op: number): Subject {
  const text = 'SDM: undefined. APM: U.';
  return {
    instruction: name,
    manual: { OF: text, SF: text, AF: text, PF: text },
    sample: (rng) => {
      const w = pickWidth(rng, [16, 32, 64]);
      const src = rng.chance(0.2) ? 0n : operandValue(rng, w);
      return twoOperand(
        rng,
        w,
        (ww) => ({
          mandatory: 0xf3,
          opsize: ww,
          opcode: [0x0f, op],
          reg: dstReg(ww),
          rm: srcReg(ww),
        }),
        0,
        { dst: operandValue(rng, w), src },
      );
    },
  };
}

const bswap16: Subject = {
  instruction: 'BSWAP r16 (66 prefix)',
  manual: { result: 'SDM: undefined; use XCHG for 16-bit byte swaps. APM: undefined.' },
  sample: (rng) =>
    twoOperand(rng, 16, (w) => ({ opsize: w, opcode: [0x0f, 0xc8], opreg: dstReg(w) })),
  rules: {
    result: [
      { name: 'zero', predict: () => 0n },
      { name: 'bytes swapped', predict: (p) => ((p.dst & 0xffn) << 8n) | (p.dst >> 8n) },
    ],
  },
};

export const BIT_SUBJECTS: readonly Subject[] = [
  ...[4, 5, 6, 7].map((ext) => bitTestSubject(ext, ['BT', 'BTS', 'BTR', 'BTC'][ext - 4]!)),
  scanSubject(0xbc, 'BSF', false),
  scanSubject(0xbd, 'BSR', false),
  scanSubject(0xbc, 'BSF', true),
  scanSubject(0xbd, 'BSR', true),
  countSubject('TZCNT', 0xbc),
  countSubject('LZCNT', 0xbd),
  bswap16,
];
