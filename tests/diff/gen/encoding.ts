// Odd but valid encodings, where decoders go wrong: REX that is not last before the opcode
// (ignored), two REX prefixes (the last one counts), 66 with REX.W (REX.W wins), repeated and
// meaningless prefixes, NOP forms and the XCHG forms that are not NOP; and encodings that must
// raise #UD (misplaced LOCK, 82 in 64-bit mode, UD2, a register CMPXCHG8B).
import type { DiffCase } from '../case.ts';
import { encode } from '../encode/instr.ts';
import { formatInstr } from '../encode/format.ts';
import { reg } from '../encode/operands.ts';
import type { Rng } from '../prng.ts';
import { operandValue, WIDTHS } from '../values.ts';
import { CaseBuilder } from './builder.ts';
import { regOrMem, valueReg } from './operand.ts';

const ALU = ['add', 'or', 'adc', 'sbb', 'and', 'sub', 'xor', 'cmp'];

type Template = (b: CaseBuilder) => void;

/** Operands of an ALU register-to-register op; `legacy` keeps them to the first eight. */
function aluPair(b: CaseBuilder, width: 16 | 32 | 64, legacy: boolean) {
  const op = b.rng.int(8);
  const exclude = legacy ? [8, 9, 10, 11, 12, 13, 14, 15] : [];
  const src = valueReg(b, width, operandValue(b.rng, width), exclude);
  const dst = valueReg(b, width, operandValue(b.rng, width), exclude);
  return { op, src, dst, mn: ALU[op]! };
}

const TEMPLATES: readonly Template[] = [
  (b) => {
    // REX before 66: not adjacent to the opcode, so ignored; this is add ax, cx etc.
    const { op, src, dst, mn } = aluPair(b, 16, true);
    const rex = 0x40 | b.rng.int(16);
    const body = encode({ opsize: 16, opcode: [op * 8 + 1], reg: src, rm: dst });
    b.emitBytes(
      [rex, ...body],
      `(stray rex 0x${rex.toString(16)}) ${formatInstr([], mn, [dst, src])}`,
    );
  },
  (b) => {
    // Two REX prefixes: the first is ignored.
    const width = b.rng.pick([32, 64] as const);
    const { op, src, dst, mn } = aluPair(b, width, false);
    const stray = 0x40 | b.rng.int(16);
    const body = encode({ opsize: width, opcode: [op * 8 + 1], reg: src, rm: dst, rex: 0x40 });
    b.emitBytes(
      [stray, ...body],
      `(stray rex 0x${stray.toString(16)}) ${formatInstr([], mn, [dst, src])}`,
    );
  },
  (b) => {
    // 66 with REX.W: the operand is 64-bit.
    const { op, src, dst, mn } = aluPair(b, 64, false);
    b.emit(mn, [dst, src], {
      prefixes: [0x66],
      opsize: 64,
      opcode: [op * 8 + 1],
      reg: src,
      rm: dst,
    });
  },
  (b) => {
    const width = b.rng.pick(WIDTHS.filter((w) => w !== 8));
    const op = b.rng.int(8);
    const src = valueReg(b, width, operandValue(b.rng, width));
    const dst = regOrMem(b, width, operandValue(b.rng, width));
    const junk = [0x2e, 0x3e, 0x26, 0x36, 0x66].filter(() => b.rng.chance(0.5));
    const prefixes = width === 16 ? [0x66, ...junk] : junk.filter((p) => p !== 0x66);
    b.emit(ALU[op]!, [dst, src], {
      prefixes,
      opsize: width,
      opcode: [op * 8 + 1],
      reg: src,
      rm: dst,
    });
  },
  (b) => b.emitBytes([0x90], 'nop'),
  (b) => b.emitBytes([0x66, 0x90], 'data16 nop'),
  (b) => b.emitBytes([0xf3, 0x90], 'pause'),
  (b) => b.emitBytes([0x48, 0x90], 'rex.w nop'),
  (b) => {
    // The multi-byte NOP never touches memory, whatever its address registers hold.
    const width = b.rng.pick([16, 32, 64] as const);
    const m = b.mem(width);
    b.emit('nop', [m], { opsize: width, opcode: [0x0f, 0x1f], reg: 0, rm: m });
  },
  (b) => {
    // 87 /r with both operands EAX is a real exchange and clears the upper halves.
    const width = b.rng.pick([32, 64] as const);
    const r = reg(b.rng.int(16), width);
    b.emit('xchg', [r, r], { opsize: width, opcode: [0x87], reg: r, rm: r });
  },
  (b) => {
    const width = b.rng.pick([32, 64] as const);
    const r = reg(8 + b.rng.int(8), width);
    b.emit('xchg', [r, reg(0, width)], { opsize: width, opcode: [0x90], opreg: r });
  },
  (b) => {
    const { op, src, dst, mn } = aluPair(b, b.rng.pick([16, 32, 64] as const), false);
    b.emit(mn, [dst, src], {
      prefixes: [0xf0],
      opsize: dst.width,
      opcode: [op * 8 + 1],
      reg: src,
      rm: dst,
    });
  },
  (b) => {
    const m = b.mem(32, { value: operandValue(b.rng, 32) });
    const src = valueReg(b, 32, operandValue(b.rng, 32));
    b.emit('cmp', [m, src], { prefixes: [0xf0], opcode: [0x39], reg: src, rm: m });
  },
  (b) => {
    const dst = regOrMem(b, 8, operandValue(b.rng, 8));
    b.emitBytes(
      [...encode({ opcode: [0x82], reg: b.rng.int(8), rm: dst }), b.rng.int(256)],
      '(invalid in 64-bit mode) 82 /n ib',
    );
  },
  (b) => b.emitBytes([0x0f, 0x0b], 'ud2'),
  (b) => b.emitBytes([0x0f, 0xc7, 0xc8 | b.rng.int(8)], 'cmpxchg8b with a register operand'),
];

export function genEncoding(rng: Rng): DiffCase {
  const b = new CaseBuilder(rng, 'encoding');
  rng.pick(TEMPLATES)(b);
  return b.build();
}
