import { aluEG, aluEI, aluGE, incDec, notNeg, testEG, testEI } from '../exec/alu.ts';
import { callE, callRel, jcc, jmpE, jmpRel, ret } from '../exec/control.ts';
import { carryOp, directionOp } from '../exec/flag-ops.ts';
import { ud2 } from '../exec/invalid.ts';
import { hlt } from '../exec/system.ts';
import { lea, movEG, movEI, movGE, movMoffs, movsx, movzx, movZI, nop } from '../exec/mov.ts';
import { popE, popZ, pushE, pushI, pushZ } from '../exec/stack.ts';
import {
  entry,
  F_D64,
  F_END,
  F_F64,
  F_I64,
  F_LOCKABLE,
  F_MEMFORM_ONLY,
  F_O64,
  group,
  specialized,
} from '../decode/opcode-table.ts';
import { pickAlu, pickIncDec, pickJcc, pickMov } from '../exec/fast-forms.ts';
import type { OpcodeMaps } from '../decode/opcode-table.ts';
import { CONDITION_NAMES } from '../lazy-flags.ts';

const ALU_NAMES = ['add', 'or', 'adc', 'sbb', 'and', 'sub', 'xor', 'cmp'];

/** The integer core: ALU, moves, stack, near branches, flag edits. */
export function defineBase(m: OpcodeMaps): void {
  const one = m.one;
  for (let op = 0; op < 8; op++) {
    const name = ALU_NAMES[op];
    const lockable = op === 7 ? 0 : F_LOCKABLE;
    m.set(one, op * 8 + 0, entry(name, 'Eb,Gb', aluEG, op, lockable));
    m.set(one, op * 8 + 1, specialized(entry(name, 'Ev,Gv', aluEG, op, lockable), pickAlu('EG')));
    m.set(one, op * 8 + 2, entry(name, 'Gb,Eb', aluGE, op));
    m.set(one, op * 8 + 3, specialized(entry(name, 'Gv,Ev', aluGE, op), pickAlu('GE')));
    m.set(one, op * 8 + 4, entry(name, 'AL,Ib', aluEI, op));
    m.set(one, op * 8 + 5, specialized(entry(name, 'rAX,Iz', aluEI, op), pickAlu('EI')));
  }
  const aluGroup = (operands: string, flags = 0) =>
    group(
      'alu',
      operands,
      ALU_NAMES.map((n, op) =>
        specialized(
          entry(n, operands, aluEI, op, flags | (op === 7 ? 0 : F_LOCKABLE)),
          pickAlu('EI'),
        ),
      ),
    );
  m.set(one, 0x80, aluGroup('Eb,Ib'));
  m.set(one, 0x81, aluGroup('Ev,Iz'));
  m.set(one, 0x82, aluGroup('Eb,Ib', F_I64));
  m.set(one, 0x83, aluGroup('Ev,Ib'));
  m.set(one, 0x84, entry('test', 'Eb,Gb', testEG));
  m.set(one, 0x85, entry('test', 'Ev,Gv', testEG));
  m.set(one, 0xa8, entry('test', 'AL,Ib', testEI));
  m.set(one, 0xa9, entry('test', 'rAX,Iz', testEI));

  for (let r = 0; r < 8; r++) {
    m.set(one, 0x40 + r, specialized(entry('inc', 'Zv', incDec, 0, F_I64), pickIncDec));
    m.set(one, 0x48 + r, specialized(entry('dec', 'Zv', incDec, 1, F_I64), pickIncDec));
    m.set(one, 0x50 + r, entry('push', 'Zv', pushZ, 0, F_D64));
    m.set(one, 0x58 + r, entry('pop', 'Zv', popZ, 0, F_D64));
    m.set(one, 0xb0 + r, entry('mov', 'Zb,Ib', movZI));
    m.set(one, 0xb8 + r, entry('mov', 'Zv,Iv', movZI));
  }
  m.set(one, 0x68, entry('push', 'Iz', pushI, 0, F_D64));
  m.set(one, 0x6a, entry('push', 'Ib', pushI, 0, F_D64));
  m.set(one, 0x8f, group('pop', 'Ev', [entry('pop', 'Ev', popE, 0, F_D64)]));

  m.set(one, 0x88, entry('mov', 'Eb,Gb', movEG));
  m.set(one, 0x89, specialized(entry('mov', 'Ev,Gv', movEG), pickMov('EG')));
  m.set(one, 0x8a, entry('mov', 'Gb,Eb', movGE));
  m.set(one, 0x8b, specialized(entry('mov', 'Gv,Ev', movGE), pickMov('GE')));
  // lea with a register source (mod = 11) is #UD.
  m.set(one, 0x8d, entry('lea', 'Gv,M', lea, 0, F_MEMFORM_ONLY));
  m.set(one, 0xa0, entry('mov', 'AL,Ob', movMoffs, 0));
  m.set(one, 0xa1, entry('mov', 'rAX,Ov', movMoffs, 0));
  m.set(one, 0xa2, entry('mov', 'Ob,AL', movMoffs, 1));
  m.set(one, 0xa3, entry('mov', 'Ov,rAX', movMoffs, 1));
  m.set(one, 0xc6, group('mov', 'Eb,Ib', [entry('mov', 'Eb,Ib', movEI)]));
  m.set(one, 0xc7, group('mov', 'Ev,Iz', [entry('mov', 'Ev,Iz', movEI)]));

  for (let cc = 0; cc < 16; cc++) {
    m.set(
      one,
      0x70 + cc,
      specialized(entry(`j${CONDITION_NAMES[cc]}`, 'Jb', jcc, cc, F_END | F_F64), pickJcc),
    );
    m.set(
      m.two,
      0x80 + cc,
      specialized(entry(`j${CONDITION_NAMES[cc]}`, 'Jz', jcc, cc, F_END | F_F64), pickJcc),
    );
  }
  m.set(one, 0xeb, entry('jmp', 'Jb', jmpRel, 0, F_END | F_F64));
  m.set(one, 0xe9, entry('jmp', 'Jz', jmpRel, 0, F_END | F_F64));
  m.set(one, 0xe8, entry('call', 'Jz', callRel, 0, F_END | F_F64));
  m.set(one, 0xc3, entry('ret', '', ret, 0, F_END | F_F64));
  m.set(one, 0xc2, entry('ret', 'Iw', ret, 0, F_END | F_F64));

  m.set(one, 0xf4, entry('hlt', '', hlt, 0, F_END));
  m.set(one, 0xf5, entry('cmc', '', carryOp, 2));
  m.set(one, 0xf8, entry('clc', '', carryOp, 0));
  m.set(one, 0xf9, entry('stc', '', carryOp, 1));
  m.set(one, 0xfc, entry('cld', '', directionOp, 0));
  m.set(one, 0xfd, entry('std', '', directionOp, 1));

  m.set(
    one,
    0xfe,
    group('inc/dec', 'Eb', [
      entry('inc', 'Eb', incDec, 0, F_LOCKABLE),
      entry('dec', 'Eb', incDec, 1, F_LOCKABLE),
    ]),
  );
  m.set(
    one,
    0xff,
    group('grp5', 'Ev', [
      specialized(entry('inc', 'Ev', incDec, 0, F_LOCKABLE), pickIncDec),
      specialized(entry('dec', 'Ev', incDec, 1, F_LOCKABLE), pickIncDec),
      entry('call', 'Ev', callE, 0, F_END | F_F64),
      undefined, // call far: segmentation
      entry('jmp', 'Ev', jmpE, 0, F_END | F_F64),
      undefined, // jmp far: segmentation
      entry('push', 'Ev', pushE, 0, F_D64),
    ]),
  );
  m.set(
    one,
    0xf6,
    group('grp3', 'Eb', [
      entry('test', 'Eb,Ib', testEI),
      entry('test', 'Eb,Ib', testEI),
      entry('not', 'Eb', notNeg, 2, F_LOCKABLE),
      entry('neg', 'Eb', notNeg, 3, F_LOCKABLE),
    ]),
  );
  m.set(
    one,
    0xf7,
    group('grp3', 'Ev', [
      entry('test', 'Ev,Iz', testEI),
      entry('test', 'Ev,Iz', testEI),
      entry('not', 'Ev', notNeg, 2, F_LOCKABLE),
      entry('neg', 'Ev', notNeg, 3, F_LOCKABLE),
    ]),
  );

  const two = m.two;
  m.set(two, 0x0b, entry('ud2', '', ud2));
  m.set(two, 0x1f, entry('nop', 'Ev', nop));
  m.set(two, 0xb6, entry('movzx', 'Gv,Eb', movzx, 1));
  m.set(two, 0xb7, entry('movzx', 'Gv,Ew', movzx, 2));
  m.set(two, 0xbe, entry('movsx', 'Gv,Eb', movsx, 1));
  m.set(two, 0xbf, entry('movsx', 'Gv,Ew', movsx, 2));
  // 63 is arpl outside 64-bit mode, which compilers never emit: #UD there.
  m.set(one, 0x63, entry('movsxd', 'Gv,Ed', movsx, 4, F_O64));
}
