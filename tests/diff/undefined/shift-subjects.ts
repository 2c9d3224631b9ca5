// Shifts, rotates and double shifts: OF past one-bit counts, AF, and counts past the width.
import { imm } from '../encode/operands.ts';
import type { Rng } from '../prng.ts';
import { WIDTHS } from '../values.ts';
import type { Width } from '../values.ts';
import type { Probe, Rule } from './probe.ts';
import { bit, flagIn, flagOut, msb } from './probe.ts';
import { dstReg, srcReg, twoOperand } from './sample.ts';
import { pickWidth } from './subject.ts';
import type { Subject } from './subject.ts';

/** A count whose masked value (5 bits, 6 with REX.W) lies in [min, max]. */
function maskedCount(rng: Rng, width: Width, min: number, max: number): number {
  const m = width === 64 ? 63 : 31;
  const wanted = min + rng.int(Math.min(max, m) - min + 1);
  return wanted + ((rng.int(4) * (m + 1)) % 256);
}

const shiftSpec = (ext: number, count: number) => (w: Width) => ({
  opsize: w,
  opcode: [w === 8 ? 0xc0 : 0xc1],
  reg: ext,
  rm: dstReg(w),
  imm: imm(BigInt(count), 1),
});

/** Rules for OF after a multi-bit shift or rotate: the one-bit formulas, applied to the end. */
const OF_RULES: Rule[] = [
  { name: 'MSB(result) xor CF', predict: (p, o) => msb(p.result(o), p.width) !== flagOut(o, 'CF') },
  {
    name: 'MSB(result) xor MSB-1(result)',
    predict: (p, o) => msb(p.result(o), p.width) !== bit(p.result(o), p.width - 2),
  },
  {
    name: 'MSB(input) xor MSB(result)',
    predict: (p, o) => msb(p.dst, p.width) !== msb(p.result(o), p.width),
  },
  { name: 'MSB(input)', predict: (p) => msb(p.dst, p.width) },
  { name: 'MSB(input) xor CF(in)', predict: (p) => msb(p.dst, p.width) !== flagIn(p, 'CF') },
];

const SHIFT_NAMES = ['ROL', 'ROR', 'RCL', 'RCR', 'SHL', 'SHR', '', 'SAR'];

function shiftOf(
  ext: number,
  min: number,
  max: (w: Width) => number,
  widths = WIDTHS,
): (rng: Rng) => Probe {
  return (rng) => {
    const w = pickWidth(rng, widths);
    const count = maskedCount(rng, w, min, max(w));
    return twoOperand(rng, w, shiftSpec(ext, count), count);
  };
}

function shiftOfSubject(ext: number): Subject {
  const name = SHIFT_NAMES[ext]!;
  return {
    instruction: `${name} r/m, imm8 (masked count > 1)`,
    manual: {
      OF: 'SDM: defined only for 1-bit shifts, otherwise undefined. APM: U for counts other than 1.',
    },
    sample: shiftOf(ext, 2, (w) => w - 1),
    rules: { OF: OF_RULES },
  };
}

function shiftAfSubject(ext: number): Subject {
  const name = SHIFT_NAMES[ext]!;
  return {
    instruction: `${name} r/m, imm8 (masked count 1 .. width-1)`,
    manual: { AF: 'SDM: undefined for a nonzero count. APM: U.' },
    sample: shiftOf(ext, 1, (w) => w - 1),
  };
}

function shiftWideCfSubject(ext: number): Subject {
  const name = SHIFT_NAMES[ext]!;
  return {
    instruction: `${name} r/m8 and r/m16 (count >= width)`,
    manual: {
      CF: 'SDM: undefined when the count is >= the operand size. APM: not checked.',
      OF: 'SDM: undefined (count > 1). APM: U.',
      result: 'SDM: zero (every bit shifted out; defined).',
    },
    sample: (rng) => {
      const w = pickWidth(rng, [8, 16]);
      const count = w + rng.int(32 - w);
      return twoOperand(rng, w, shiftSpec(ext, count), count);
    },
    rules: {
      CF: [
        {
          name: 'last bit out of a shift that does not stop at the width',
          predict: (p) => (ext === 4 ? bit(p.dst, p.width - p.count) : bit(p.dst, p.count - 1)),
        },
      ],
      OF: OF_RULES,
      result: [{ name: 'zero', predict: () => 0n }],
    },
  };
}

function rotateOfSubject(ext: number): Subject {
  const name = SHIFT_NAMES[ext]!;
  return {
    instruction: `${name} r/m, imm8 (masked count > 1)`,
    manual: {
      OF: 'SDM: defined only for 1-bit rotates, otherwise undefined. APM: U for counts other than 1.',
    },
    sample: shiftOf(ext, 2, (w) => (w === 64 ? 63 : 31)),
    rules: { OF: OF_RULES },
  };
}

function doubleShiftSubject(left: boolean): Subject {
  const name = left ? 'SHLD' : 'SHRD';
  return {
    instruction: `${name} (masked count 2 .. width-1)`,
    manual: {
      OF: 'SDM: defined for 1-bit shifts only, otherwise undefined. APM: U for counts other than 1.',
      AF: 'SDM: undefined. APM: U.',
    },
    sample: (rng) => {
      const w = pickWidth(rng, [16, 32, 64]);
      const count = maskedCount(rng, w, 2, w - 1);
      return twoOperand(rng, w, doubleShiftSpec(left, count), count);
    },
    rules: { OF: OF_RULES },
  };
}

function doubleShiftSpec(left: boolean, count: number) {
  return (w: Width) => ({
    opsize: w,
    opcode: [0x0f, left ? 0xa4 : 0xac],
    reg: srcReg(w),
    rm: dstReg(w),
    imm: imm(BigInt(count), 1),
  });
}

function doubleShiftWideSubject(left: boolean): Subject {
  const name = left ? 'SHLD' : 'SHRD';
  const text = 'SDM: result and flags undefined when the count exceeds the operand size. APM: U.';
  return {
    instruction: `${name} r/m16 (count 17 .. 31)`,
    manual: { result: text, CF: text, OF: text, SF: text, ZF: text, PF: text, AF: text },
    sample: (rng) => {
      const count = 17 + rng.int(15);
      return twoOperand(rng, 16, doubleShiftSpec(left, count), count);
    },
    rules: {
      // For counts up to 16 both patterns give the defined result; past 16 the source repeats.
      result: [
        left
          ? {
              name: 'a shift of dst:src:src (48 bits)',
              predict: (p) =>
                ((((p.dst << 32n) | (p.src << 16n) | p.src) << BigInt(p.count)) >> 32n) & 0xffffn,
            }
          : {
              name: 'a shift of src:src:dst (48 bits)',
              predict: (p) =>
                (((p.src << 32n) | (p.src << 16n) | p.dst) >> BigInt(p.count)) & 0xffffn,
            },
      ],
      OF: OF_RULES,
    },
  };
}

function doubleShiftSixteenSubject(left: boolean): Subject {
  const name = left ? 'SHLD' : 'SHRD';
  return {
    instruction: `${name} r/m16 (count 16)`,
    manual: {
      OF: 'SDM: defined for 1-bit shifts only, otherwise undefined. APM: U.',
      AF: 'SDM: undefined. APM: U.',
    },
    sample: (rng) => twoOperand(rng, 16, doubleShiftSpec(left, 16 + 32 * rng.int(8)), 16),
    rules: { OF: [...OF_RULES, { name: 'CF', predict: (_p, o) => flagOut(o, 'CF') }] },
  };
}

export const SHIFT_SUBJECTS: readonly Subject[] = [
  ...[4, 5, 7].map(shiftOfSubject),
  ...[4, 5, 7].map(shiftAfSubject),
  ...[4, 5].map(shiftWideCfSubject),
  ...[0, 1, 2, 3].map(rotateOfSubject),
  doubleShiftSubject(true),
  doubleShiftSubject(false),
  doubleShiftSixteenSubject(true),
  doubleShiftSixteenSubject(false),
  doubleShiftWideSubject(true),
  doubleShiftWideSubject(false),
];
