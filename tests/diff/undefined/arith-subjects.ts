// Logic ops, multiplies and divides: the flags they leave undefined.
import { imm } from '../encode/operands.ts';
import { mask, operandValue } from '../values.ts';
import { fromValue, msb } from './probe.ts';
import { accumulator, dstReg, srcReg, twoOperand } from './sample.ts';
import { pickWidth } from './subject.ts';
import type { Subject } from './subject.ts';

const logic: Subject = {
  instruction: 'AND, OR, XOR, TEST',
  manual: { AF: 'SDM: undefined. APM: U (undefined).' },
  sample: (rng) => {
    const op = rng.pick([0x20, 0x08, 0x30, 0x84]);
    return twoOperand(rng, pickWidth(rng), (w) => ({
      opsize: w,
      opcode: [op + (w === 8 ? 0 : 1)],
      reg: srcReg(w),
      rm: dstReg(w),
    }));
  },
};

function mulSubject(name: string, ext: number): Subject {
  const lowHalf = (flag: string) =>
    fromValue(flag, 'the low half of the product', (p, o) => p.result(o));
  return {
    instruction: `${name} (one operand)`,
    manual: {
      SF: `SDM: undefined. APM: U.`,
      ZF: `SDM: undefined. APM: U.`,
      AF: `SDM: undefined. APM: U.`,
      PF: `SDM: undefined. APM: U.`,
    },
    sample: (rng) => {
      const w = pickWidth(rng);
      return accumulator(rng, w, ext, {
        hi: operandValue(rng, w),
        lo: operandValue(rng, w),
        src: operandValue(rng, w),
      });
    },
    rules: { SF: [lowHalf('SF')], ZF: [lowHalf('ZF')], PF: [lowHalf('PF')], AF: [lowHalf('AF')] },
  };
}

const imulForms: Subject = {
  instruction: 'IMUL r, r/m and IMUL r, r/m, imm',
  manual: {
    SF: 'SDM: undefined. APM: U.',
    ZF: 'SDM: undefined. APM: U.',
    AF: 'SDM: undefined. APM: U.',
    PF: 'SDM: undefined. APM: U.',
  },
  sample: (rng) => {
    const form = rng.int(3);
    const value = operandValue(rng, 32);
    return twoOperand(rng, pickWidth(rng, [16, 32, 64]), (w) => ({
      opsize: w,
      opcode: form === 0 ? [0x0f, 0xaf] : form === 1 ? [0x6b] : [0x69],
      reg: dstReg(w),
      rm: srcReg(w),
      imm:
        form === 0
          ? undefined
          : imm(
              form === 1 ? value & 0xffn : value & mask(w === 16 ? 16 : 32),
              form === 1 ? 1 : w === 16 ? 2 : 4,
            ),
    }));
  },
};

function divSubject(name: string, ext: number): Subject {
  const signed = ext === 7;
  const text = 'SDM: undefined. APM: U.';
  const fromQuotient = (flag: string) => fromValue(flag, 'the quotient', (p, o) => p.result(o));
  const fromRemainder = (flag: string) => fromValue(flag, 'the remainder', (p, o) => p.result2!(o));
  return {
    instruction: name,
    manual: { CF: text, OF: text, SF: text, ZF: text, AF: text, PF: text },
    sample: (rng) => {
      const w = pickWidth(rng);
      // Dividends that do not overflow: the high half is the sign (or zero) extension.
      const lo = operandValue(rng, w);
      const hi = signed && msb(lo, w) ? mask(w) : 0n;
      let src = operandValue(rng, w) || 1n;
      if (signed && src === mask(w) && lo === 1n << BigInt(w - 1)) src = 1n;
      return accumulator(rng, w, ext, { hi, lo, src });
    },
    rules: Object.fromEntries(
      ['SF', 'ZF', 'PF', 'AF'].map((f) => [f, [fromQuotient(f), fromRemainder(f)]]),
    ),
  };
}

export const ARITH_SUBJECTS: readonly Subject[] = [
  logic,
  mulSubject('MUL', 4),
  mulSubject('IMUL', 5),
  imulForms,
  divSubject('DIV', 6),
  divSubject('IDIV', 7),
];
