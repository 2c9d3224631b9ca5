// ROL ROR RCL RCR SHL SHR SAL SAR by 1 (D0/D1), by CL (D2/D3) and by imm8 (C0/C1), with counts
// around every boundary the masking and the flag rules have.
import type { DiffCase } from '../case.ts';
import { CF } from '../case.ts';
import { imm, reg } from '../encode/operands.ts';
import type { Rng } from '../prng.ts';
import { operandValue, WIDTHS } from '../values.ts';
import type { Width } from '../values.ts';
import { CaseBuilder } from './builder.ts';
import { byteOrWord, regOrMem } from './operand.ts';

const RCX = 1;
// /6 is an alias of /4 (SHL) that assemblers never emit.
const NAMES = ['rol', 'ror', 'rcl', 'rcr', 'shl', 'shr', 'sal', 'sar'];

/** Counts 0..width+1, the masking edges (31, 32, 63, 64, 65) and random bytes. */
export function shiftCount(rng: Rng, width: Width): number {
  const roll = rng.int(10);
  if (roll < 6) return rng.int(width + 2);
  if (roll < 8) return rng.pick([0, 1, 7, 8, 9, 15, 16, 17, 31, 32, 33, 63, 64, 65, 0x80, 0xff]);
  return rng.int(256);
}

export function genShift(rng: Rng): DiffCase {
  const width = rng.pick(WIDTHS);
  const b = new CaseBuilder(rng, 'shift', { legacyBytes: width === 8 && rng.chance(0.3) });
  const ext = rng.chance(0.05) ? 6 : rng.pick([0, 1, 2, 3, 4, 5, 7]);
  const w = byteOrWord(width);
  // RCL and RCR shift CF in, so both carry-in values are forced to appear often.
  b.setFlag(CF, rng.chance(0.5));
  const form = rng.int(3);
  if (form === 0) {
    const dst = regOrMem(b, width, operandValue(rng, width));
    b.emit(NAMES[ext]!, [dst, imm(1n, 1)], {
      opsize: width,
      opcode: [0xd0 + w],
      reg: ext,
      rm: dst,
    });
  } else if (form === 1) {
    const cl = reg(RCX, 8);
    b.set(cl, BigInt(shiftCount(rng, width)));
    // The destination may be CL itself (shl cl, cl) now and then.
    const dst = regOrMem(b, width, operandValue(rng, width), rng.chance(0.9) ? [RCX] : []);
    b.emit(NAMES[ext]!, [dst, cl], { opsize: width, opcode: [0xd2 + w], reg: ext, rm: dst });
  } else {
    const dst = regOrMem(b, width, operandValue(rng, width));
    const count = imm(BigInt(shiftCount(rng, width)), 1);
    b.emit(NAMES[ext]!, [dst, count], {
      opsize: width,
      opcode: [0xc0 + w],
      reg: ext,
      rm: dst,
      imm: count,
    });
  }
  return b.build();
}
