import type { Insn } from '../../core/cpu/decode/insn.ts';
import type { OpcodeEntry, OpcodeMaps } from '../../core/cpu/decode/opcode-table.ts';

/**
 * x87 instructions (escape opcodes D8-DF) as the SDM names them (Vol. 2, tables A-7 to A-22).
 * The CPU's opcode table keeps one entry per ModRM.reg with the memory form's name; these
 * tables give the memory forms' operand sizes and every register form's mnemonic.
 */

const ARITH = ['fadd', 'fmul', 'fcom', 'fcomp', 'fsub', 'fsubr', 'fdiv', 'fdivr'];
const INT_ARITH = ['fiadd', 'fimul', 'ficom', 'ficomp', 'fisub', 'fisubr', 'fidiv', 'fidivr'];

/** Memory forms: [mnemonic, operand bytes (0: no size keyword)] by opcode - 0xd8 and reg. */
const MEMORY: ([string, number] | null)[][] = [
  ARITH.map((n) => [n, 4]),
  [['fld', 4], null, ['fst', 4], ['fstp', 4], ['fldenv', 0], ['fldcw', 2], ['fnstenv', 0], ['fnstcw', 2]],
  INT_ARITH.map((n) => [n, 4]),
  [['fild', 4], ['fisttp', 4], ['fist', 4], ['fistp', 4], null, ['fld', 10], null, ['fstp', 10]],
  ARITH.map((n) => [n, 8]),
  [['fld', 8], ['fisttp', 8], ['fst', 8], ['fstp', 8], ['frstor', 0], null, ['fnsave', 0], ['fnstsw', 2]],
  INT_ARITH.map((n) => [n, 2]),
  [['fild', 2], ['fisttp', 2], ['fist', 2], ['fistp', 2], ['fbld', 10], ['fild', 8], ['fbstp', 10], ['fistp', 8]],
]; // prettier-ignore

/** D9 E0-FF: one instruction per ModRM byte, no operands ('' = undefined). */
const D9_CONSTANT_FORMS = [
  'fchs', 'fabs', '', '', 'ftst', 'fxam', '', '',
  'fld1', 'fldl2t', 'fldl2e', 'fldpi', 'fldlg2', 'fldln2', 'fldz', '',
  'f2xm1', 'fyl2x', 'fptan', 'fpatan', 'fxtract', 'fprem1', 'fdecstp', 'fincstp',
  'fprem', 'fyl2xp1', 'fsqrt', 'fsincos', 'frndint', 'fscale', 'fsin', 'fcos',
]; // prettier-ignore

const st = (i: number) => `st(${i})`;

/** A register form (ModRM >= 0xc0): mnemonic and operands, or null when undefined. */
function registerForm(op: number, modrm: number): [string, string[]] | null {
  const reg = (modrm >> 3) & 7;
  const i = modrm & 7;
  switch (op) {
    case 0xd8:
      return reg === 2 || reg === 3 ? [ARITH[reg], [st(i)]] : [ARITH[reg], ['st', st(i)]];
    case 0xd9:
      if (reg === 0) return ['fld', [st(i)]];
      if (reg === 1) return ['fxch', [st(i)]];
      if (modrm === 0xd0) return ['fnop', []];
      if (reg >= 4 && D9_CONSTANT_FORMS[modrm - 0xe0]) return [D9_CONSTANT_FORMS[modrm - 0xe0], []];
      return null;
    case 0xda:
      if (reg < 4) return [['fcmovb', 'fcmove', 'fcmovbe', 'fcmovu'][reg], ['st', st(i)]];
      return modrm === 0xe9 ? ['fucompp', []] : null;
    case 0xdb:
      if (reg < 4) return [['fcmovnb', 'fcmovne', 'fcmovnbe', 'fcmovnu'][reg], ['st', st(i)]];
      if (reg === 5) return ['fucomi', ['st', st(i)]];
      if (reg === 6) return ['fcomi', ['st', st(i)]];
      // DB E0-E4: the 8087/287 controls (no-ops since the 387), fnclex and fninit.
      if (reg === 4 && i <= 4) return [['fneni', 'fndisi', 'fnclex', 'fninit', 'fnsetpm'][i], []];
      return null;
    case 0xdc:
      // The reversed forms: st(i) is the destination, and sub/subr, div/divr trade places.
      if (reg === 2 || reg === 3) return null;
      return [['fadd', 'fmul', '', '', 'fsubr', 'fsub', 'fdivr', 'fdiv'][reg], [st(i), 'st']];
    case 0xdd:
      if (reg === 0) return ['ffree', [st(i)]];
      if (reg >= 2 && reg <= 5) return [['fst', 'fstp', 'fucom', 'fucomp'][reg - 2], [st(i)]];
      return null;
    case 0xde:
      if (reg === 3) return modrm === 0xd9 ? ['fcompp', []] : null;
      if (reg === 2) return null;
      return [['faddp', 'fmulp', '', '', 'fsubrp', 'fsubp', 'fdivrp', 'fdivp'][reg], [st(i), 'st']];
    case 0xdf:
      if (reg === 0) return ['ffreep', [st(i)]];
      if (modrm === 0xe0) return ['fnstsw', ['ax']];
      if (reg === 5) return ['fucomip', ['st', st(i)]];
      if (reg === 6) return ['fcomip', ['st', st(i)]];
      return null;
  }
  return null;
}

let escapes: Map<OpcodeEntry, number> | null = null;

/** Which escape opcode (D8-DF) an entry of the CPU's table belongs to, if any. */
function escapeOf(maps: OpcodeMaps, e: OpcodeEntry): number | undefined {
  if (!escapes) {
    escapes = new Map();
    for (let op = 0xd8; op <= 0xdf; op++)
      for (const sub of maps.one[op]?.group ?? []) if (sub) escapes.set(sub, op);
  }
  return escapes.get(e);
}

/**
 * An x87 instruction's mnemonic and operands, the memory operand formatted by `memory` at
 * the size given; null when `i` is not an x87 instruction.
 */
export function x87Form(
  maps: OpcodeMaps,
  i: Insn,
  memory: (bytes: number) => string,
): { name: string; operands: string[] } | null {
  const op = escapeOf(maps, i.entry);
  if (op === undefined || i.modrm < 0) return null;
  if (i.modrm >= 0xc0) {
    const form = registerForm(op, i.modrm);
    return form ? { name: form[0], operands: form[1] } : { name: '(bad)', operands: [] };
  }
  const form = MEMORY[op - 0xd8][(i.modrm >> 3) & 7];
  // An undefined memory form still names its operand, as objdump does.
  return form
    ? { name: form[0], operands: [memory(form[1])] }
    : { name: '(bad)', operands: [memory(0)] };
}
