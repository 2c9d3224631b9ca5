// MUL IMUL DIV IDIV (one operand, on rDX:rAX) and the two- and three-operand IMULs. Dividends
// are built so that most divisions succeed and the rest raise #DE through a zero divisor or a
// quotient that does not fit.
import type { DiffCase } from '../case.ts';
import type { Reg } from '../encode/operands.ts';
import { reg } from '../encode/operands.ts';
import type { Rng } from '../prng.ts';
import { mask, operandValue, WIDTHS } from '../values.ts';
import type { Width } from '../values.ts';
import { CaseBuilder } from './builder.ts';
import { byteOrWord, fullImm, regOrMem, shortImm, valueReg } from './operand.ts';

const RAX = 0;
const RDX = 2;
const ONE_OPERAND = ['', '', '', '', 'mul', 'imul', 'div', 'idiv'];

export function genMulDiv(rng: Rng): DiffCase {
  const roll = rng.int(10);
  if (roll < 3) return genImulForms(rng);
  const width = rng.pick(WIDTHS);
  const b = new CaseBuilder(rng, 'muldiv', { legacyBytes: width === 8 && rng.chance(0.3) });
  const ext = roll < 5 ? rng.pick([4, 5]) : rng.pick([6, 7]);
  const signed = ext === 5 || ext === 7;
  const [src, hi, lo] = ext >= 6 ? divisionInputs(rng, width, signed) : mulInputs(rng, width);
  setAccumulator(b, width, hi, lo);
  // The operand may be rAX or rDX themselves now and then: mul rax, div dl are valid too.
  const operand = regOrMem(b, width, src, rng.chance(0.9) ? [RAX, RDX] : []);
  b.emit(ONE_OPERAND[ext]!, [operand], {
    opsize: width,
    opcode: [0xf6 + byteOrWord(width)],
    reg: ext,
    rm: operand,
  });
  return b.build();
}

/** 8-bit forms use AH:AL; the others rDX:rAX. */
function setAccumulator(b: CaseBuilder, width: Width, hi: bigint, lo: bigint): void {
  if (width === 8) {
    b.set(reg(RAX, 16), (hi << 8n) | lo);
    return;
  }
  b.set(reg(RAX, width), lo);
  b.set(reg(RDX, width), hi);
}

function mulInputs(rng: Rng, width: Width): [bigint, bigint, bigint] {
  return [operandValue(rng, width), operandValue(rng, width), operandValue(rng, width)];
}

/** [divisor, dividend high half, dividend low half]. */
function divisionInputs(rng: Rng, width: Width, signed: boolean): [bigint, bigint, bigint] {
  const m = mask(width);
  const w = BigInt(width);
  const split = (dividend: bigint): [bigint, bigint] => [(dividend >> w) & m, dividend & m];
  const roll = rng.int(20);
  if (roll === 0) return [0n, ...split(operandValue(rng, width))];
  if (roll === 1 && signed) {
    // The one signed overflow with a small dividend: MIN / -1.
    return [m, ...split(BigInt.asUintN(2 * width, -(1n << (w - 1n))))];
  }
  if (roll < 5)
    return [operandValue(rng, width), operandValue(rng, width), operandValue(rng, width)];
  let divisor = operandValue(rng, width) || 1n;
  if (!signed) {
    const quotient = operandValue(rng, width);
    const remainder = rng.next64() % divisor;
    return [divisor, ...split(quotient * divisor + remainder)];
  }
  const d = BigInt.asIntN(width, divisor) || 1n;
  divisor = BigInt.asUintN(width, d);
  const q = BigInt.asIntN(width, operandValue(rng, width));
  const abs = d < 0n ? -d : d;
  const r = rng.next64() % abs;
  // The remainder takes the dividend's sign.
  const product = q * d;
  const dividend = product < 0n || (product === 0n && rng.chance(0.5)) ? product - r : product + r;
  return [divisor, ...split(BigInt.asUintN(2 * width, dividend))];
}

function genImulForms(rng: Rng): DiffCase {
  const width = rng.pick([16, 32, 64] as const);
  const b = new CaseBuilder(rng, 'muldiv');
  const a = operandValue(rng, width);
  const c = operandValue(rng, width);
  let dst: Reg;
  switch (rng.int(3)) {
    case 0: {
      dst = valueReg(b, width, a);
      const src = regOrMem(b, width, c);
      b.emit('imul', [dst, src], { opsize: width, opcode: [0x0f, 0xaf], reg: dst, rm: src });
      break;
    }
    case 1: {
      dst = valueReg(b, width, operandValue(rng, width));
      const src = regOrMem(b, width, a);
      const i = shortImm(c);
      b.emit('imul', [dst, src, i], { opsize: width, opcode: [0x6b], reg: dst, rm: src, imm: i });
      break;
    }
    default: {
      dst = valueReg(b, width, operandValue(rng, width));
      const src = regOrMem(b, width, a);
      const i = fullImm(width, c);
      b.emit('imul', [dst, src, i], { opsize: width, opcode: [0x69], reg: dst, rm: src, imm: i });
    }
  }
  return b.build();
}
