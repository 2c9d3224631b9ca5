import type { Cpu } from '../cpu.ts';
import type { Insn } from '../decode/insn.ts';
import { UD } from '../fault.ts';
import { OP_ADD, OP_DIV, OP_MUL, OP_SUB } from '../fpu/arith.ts';
import { A, B, R } from '../fpu/value.ts';
import { raise } from './raise.ts';
import { fcom, fcompp } from './x87-compare.ts';
import {
  M16_INT,
  M32_INT,
  M32_REAL,
  M64_REAL,
  readMemOperand,
  x87Operate,
} from './x87-operands.ts';
import {
  beginX87,
  c1AfterRounding,
  isEmpty,
  pop,
  readSt,
  report,
  stackFault,
  writable,
  writeIndefinite,
  writeSt,
} from './x87-stack.ts';

/**
 * The x87 arithmetic escapes D8, DA, DC and DE, whose ModRM.reg picks add, mul, com, comp,
 * sub, subr, div, divr. Memory forms: ST0 = ST0 op m32real (D8), m32int (DA), m64real (DC),
 * m16int (DE). Register forms: ST0 = ST0 op ST(i) (D8); ST(i) = ST(i) op ST0 (DC), and the
 * same then pop (DE), where the SDM's names for /4-/7 are the reverse of D8's.
 * i.op is the escape: 0 D8, 1 DA, 2 DC, 3 DE.
 */
const ESC_D8 = 0;
const ESC_DE = 3;
const MEM_KIND = [M32_REAL, M32_INT, M64_REAL, M16_INT];
const OPS = [OP_ADD, OP_MUL, 0, 0, OP_SUB, OP_SUB, OP_DIV, OP_DIV];

export function x87Arith(c: Cpu, i: Insn): void {
  const reg = (i.modrm >> 3) & 7;
  const memory = i.rm < 0;
  if (reg === 2 || reg === 3) {
    if (!memory && i.op === ESC_DE) {
      if (reg === 3 && i.modrm === 0xd9) fcompp(c, false);
      else raise(c, UD, 0, `invalid or unimplemented opcode de ${i.modrm.toString(16)}`);
      return;
    }
    if (!memory && i.op === 1)
      raise(c, UD, 0, `invalid or unimplemented opcode da ${i.modrm.toString(16)}`);
    fcom(c, i, MEM_KIND[i.op]);
    return;
  }
  beginX87(c);
  if (memory) readMemOperand(c, i, MEM_KIND[i.op], B);
  const st = i.modrm & 7;
  // The destination register; the other operand is ST(st) (D8), ST0 (DC, DE) or memory.
  const dest = memory || i.op === ESC_D8 ? 0 : st;
  const other = memory ? -1 : i.op === ESC_D8 ? st : 0;
  const pops = !memory && i.op === ESC_DE;
  if (isEmpty(c, dest) || (other >= 0 && isEmpty(c, other))) {
    if (stackFault(c, false)) {
      writeIndefinite(c, dest, R);
      if (pops) pop(c);
    }
    return;
  }
  readSt(c, dest, A);
  if (other >= 0) readSt(c, other, B);
  // Reversed (subr, divr): /5 and /7 for D8 and memory, /4 and /6 for DC and DE registers.
  const reversed = reg >= 4 && (reg & 1) === (memory || i.op === ESC_D8 ? 1 : 0);
  const flags = reversed ? x87Operate(c, OPS[reg], B, A) : x87Operate(c, OPS[reg], A, B);
  const c1 = c1AfterRounding(flags);
  if (writable(c, flags)) {
    writeSt(c, dest, R);
    if (pops) pop(c);
  }
  report(c, flags, c1);
}
