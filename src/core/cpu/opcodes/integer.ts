import {
  bitScan,
  bitTestG,
  bitTestI,
  BSF,
  BSR,
  bswap,
  BT,
  LZCNT,
  POPCNT,
  TZCNT,
} from '../exec/bits.ts';
import { cmovcc, setcc } from '../exec/conditional.ts';
import { signToDx, widenAcc } from '../exec/convert.ts';
import { cmpxchg, cmpxchgWide, xadd, xchgEG, xchgZ } from '../exec/exchange.ts';
import { lahf, popf, pushf, sahf } from '../exec/flags-transfer.ts';
import { aad, aam, asciiAdjust, bound, decimalAdjust, popa, pusha } from '../exec/legacy32.ts';
import { divAcc, imulGE, imulGEI, mulAcc } from '../exec/muldiv.ts';
import { shiftBy1, shiftByCl, shiftByImm, shiftDouble } from '../exec/shift.ts';
import {
  entry,
  F_D64,
  F_I64,
  F_KEEPS_66,
  F_LOCKABLE,
  F_MEMFORM_ONLY,
  group,
  simd,
} from '../decode/opcode-table.ts';
import type { OpcodeEntry, OpcodeMaps } from '../decode/opcode-table.ts';
import type { Handler } from '../decode/insn.ts';
import { CONDITION_NAMES } from '../lazy-flags.ts';

const _ = undefined;
const SHIFT_NAMES = ['rol', 'ror', 'rcl', 'rcr', 'shl', 'shr', 'sal', 'sar'];
const BT_NAMES = ['bt', 'bts', 'btr', 'btc'];
const BT_OPCODES = [0xa3, 0xab, 0xb3, 0xbb];

/**
 * Fills slot `ext` of a group opcode, creating the group if no family has yet: F6/F7 start in
 * base.ts with test/not/neg, and 0F C7 is shared with other families.
 */
function groupSlot(
  map: (OpcodeEntry | undefined)[],
  opcode: number,
  ext: number,
  e: OpcodeEntry,
): void {
  const existing = map[opcode];
  if (!existing) {
    const subs: (OpcodeEntry | undefined)[] = new Array(8);
    subs[ext] = e;
    map[opcode] = group(e.name, e.operands, subs);
    return;
  }
  if (!existing.group || existing.group[ext])
    throw new Error(`opcode 0x${opcode.toString(16)} /${ext} defined twice`);
  existing.group[ext] = e;
}

/**
 * The integer instructions beyond the base set: shifts and rotates, multiply and divide, bit
 * tests and scans, exchanges, conversions, setcc/cmovcc, flag transfers, and (outside 64-bit
 * mode only) pusha/popa and the BCD adjustments.
 */
export function defineInteger(m: OpcodeMaps): void {
  const one = m.one;
  const two = m.two;

  const shifts = (operands: string, exec: Handler) =>
    group(
      'shift',
      operands,
      SHIFT_NAMES.map((name, kind) => entry(name, operands, exec, kind)),
    );
  m.set(one, 0xc0, shifts('Eb,Ib', shiftByImm));
  m.set(one, 0xc1, shifts('Ev,Ib', shiftByImm));
  m.set(one, 0xd0, shifts('Eb,1', shiftBy1));
  m.set(one, 0xd1, shifts('Ev,1', shiftBy1));
  m.set(one, 0xd2, shifts('Eb,CL', shiftByCl));
  m.set(one, 0xd3, shifts('Ev,CL', shiftByCl));
  // shiftDouble's op: bit 0 right, bit 1 count in CL.
  m.set(two, 0xa4, entry('shld', 'Ev,Gv,Ib', shiftDouble, 0));
  m.set(two, 0xa5, entry('shld', 'Ev,Gv,CL', shiftDouble, 2));
  m.set(two, 0xac, entry('shrd', 'Ev,Gv,Ib', shiftDouble, 1));
  m.set(two, 0xad, entry('shrd', 'Ev,Gv,CL', shiftDouble, 3));

  const mulDiv = ['mul', 'imul', 'div', 'idiv'];
  for (let n = 0; n < 4; n++) {
    const exec = n < 2 ? mulAcc : divAcc;
    groupSlot(one, 0xf6, 4 + n, entry(mulDiv[n], 'Eb', exec, 4 + n));
    groupSlot(one, 0xf7, 4 + n, entry(mulDiv[n], 'Ev', exec, 4 + n));
  }
  m.set(two, 0xaf, entry('imul', 'Gv,Ev', imulGE));
  m.set(one, 0x69, entry('imul', 'Gv,Ev,Iz', imulGEI));
  m.set(one, 0x6b, entry('imul', 'Gv,Ev,Ib', imulGEI));

  for (let op = 0; op < 4; op++) {
    const lockable = op === BT ? 0 : F_LOCKABLE;
    m.set(two, BT_OPCODES[op], entry(BT_NAMES[op], 'Ev,Gv', bitTestG, op, lockable));
  }
  m.set(
    two,
    0xba,
    group('bt', 'Ev,Ib', [
      _,
      _,
      _,
      _,
      ...BT_NAMES.map((name, op) => entry(name, 'Ev,Ib', bitTestI, op, op === BT ? 0 : F_LOCKABLE)),
    ]),
  );
  // F3 picks tzcnt/lzcnt; a 66 stays bsf/bsr's operand-size prefix.
  const scan = (name: string, op: number) =>
    simd([
      entry(name, 'Gv,Ev', bitScan, op),
      entry(name, 'Gv,Ev', bitScan, op, F_KEEPS_66),
      entry(op === BSF ? 'tzcnt' : 'lzcnt', 'Gv,Ev', bitScan, op === BSF ? TZCNT : LZCNT),
      entry(name, 'Gv,Ev', bitScan, op),
    ]);
  m.set(two, 0xbc, scan('bsf', BSF));
  m.set(two, 0xbd, scan('bsr', BSR));
  m.set(two, 0xb8, simd([_, _, entry('popcnt', 'Gv,Ev', bitScan, POPCNT), _]));
  for (let r = 0; r < 8; r++) m.set(two, 0xc8 + r, entry('bswap', 'Zv', bswap));

  m.set(one, 0x86, entry('xchg', 'Eb,Gb', xchgEG, 0, F_LOCKABLE));
  m.set(one, 0x87, entry('xchg', 'Ev,Gv', xchgEG, 0, F_LOCKABLE));
  // 90 is nop, unless REX.B makes it xchg r8, rAX.
  for (let r = 0; r < 8; r++) m.set(one, 0x90 + r, entry(r ? 'xchg' : 'nop', 'Zv,rAX', xchgZ));
  m.set(two, 0xc0, entry('xadd', 'Eb,Gb', xadd, 0, F_LOCKABLE));
  m.set(two, 0xc1, entry('xadd', 'Ev,Gv', xadd, 0, F_LOCKABLE));
  m.set(two, 0xb0, entry('cmpxchg', 'Eb,Gb', cmpxchg, 0, F_LOCKABLE));
  m.set(two, 0xb1, entry('cmpxchg', 'Ev,Gv', cmpxchg, 0, F_LOCKABLE));
  // osize 4: cmpxchg8b; REX.W makes it 8: cmpxchg16b.
  groupSlot(two, 0xc7, 1, entry('cmpxchg8b', 'My', cmpxchgWide, 0, F_MEMFORM_ONLY | F_LOCKABLE));

  m.set(one, 0x98, entry('cwde', '', widenAcc));
  m.set(one, 0x99, entry('cdq', '', signToDx));

  for (let cc = 0; cc < 16; cc++) {
    m.set(two, 0x90 + cc, entry(`set${CONDITION_NAMES[cc]}`, 'Eb', setcc, cc));
    m.set(two, 0x40 + cc, entry(`cmov${CONDITION_NAMES[cc]}`, 'Gv,Ev', cmovcc, cc));
  }

  m.set(one, 0x9c, entry('pushf', '', pushf, 0, F_D64));
  m.set(one, 0x9d, entry('popf', '', popf, 0, F_D64));
  m.set(one, 0x9e, entry('sahf', '', sahf));
  m.set(one, 0x9f, entry('lahf', '', lahf));

  m.set(one, 0x60, entry('pusha', '', pusha, 0, F_I64));
  m.set(one, 0x61, entry('popa', '', popa, 0, F_I64));
  // bound with a register operand (mod = 11) is #UD (an EVEX prefix on later CPUs).
  m.set(one, 0x62, entry('bound', 'Gv,M', bound, 0, F_I64 | F_MEMFORM_ONLY));
  m.set(one, 0x27, entry('daa', '', decimalAdjust, 0, F_I64));
  m.set(one, 0x2f, entry('das', '', decimalAdjust, 1, F_I64));
  m.set(one, 0x37, entry('aaa', '', asciiAdjust, 0, F_I64));
  m.set(one, 0x3f, entry('aas', '', asciiAdjust, 1, F_I64));
  m.set(one, 0xd4, entry('aam', 'Ib', aam, 0, F_I64));
  m.set(one, 0xd5, entry('aad', 'Ib', aad, 0, F_I64));
}
