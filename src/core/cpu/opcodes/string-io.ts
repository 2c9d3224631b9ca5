import { enter, leave } from '../exec/frame.ts';
import { jrcxz, loop } from '../exec/loop.ts';
import { inPort, ins, outPort, outs } from '../exec/port-io.ts';
import { cmps, lods, movs, scas, stos, xlat } from '../exec/string.ts';
import { entry, F_D64, F_END, F_F64 } from '../decode/opcode-table.ts';
import type { OpcodeMaps } from '../decode/opcode-table.ts';

/**
 * String instructions, counted loops, enter/leave, port I/O and xlat. String and port
 * instructions are F_END: a rep form may stop between chunks with RIP left on itself, and a
 * port access may change device or interrupt state. DX, the port of the DX forms and of
 * ins/outs, is left out of the operand strings: parsePlan would read its D as a ModRM
 * (debug register) operand. i.op is 1 for the DX forms of in/out.
 */
export function defineStringIo(m: OpcodeMaps): void {
  const one = m.one;
  m.set(one, 0xa4, entry('movs', 'Yb,Xb', movs, 0, F_END));
  m.set(one, 0xa5, entry('movs', 'Yv,Xv', movs, 0, F_END));
  m.set(one, 0xa6, entry('cmps', 'Xb,Yb', cmps, 0, F_END));
  m.set(one, 0xa7, entry('cmps', 'Xv,Yv', cmps, 0, F_END));
  m.set(one, 0xaa, entry('stos', 'Yb,AL', stos, 0, F_END));
  m.set(one, 0xab, entry('stos', 'Yv,rAX', stos, 0, F_END));
  m.set(one, 0xac, entry('lods', 'AL,Xb', lods, 0, F_END));
  m.set(one, 0xad, entry('lods', 'rAX,Xv', lods, 0, F_END));
  m.set(one, 0xae, entry('scas', 'AL,Yb', scas, 0, F_END));
  m.set(one, 0xaf, entry('scas', 'rAX,Yv', scas, 0, F_END));
  m.set(one, 0xd7, entry('xlat', '', xlat));

  m.set(one, 0x6c, entry('ins', 'Yb', ins, 0, F_END));
  m.set(one, 0x6d, entry('ins', 'Yz', ins, 0, F_END));
  m.set(one, 0x6e, entry('outs', 'Xb', outs, 0, F_END));
  m.set(one, 0x6f, entry('outs', 'Xz', outs, 0, F_END));
  m.set(one, 0xe4, entry('in', 'AL,Ib', inPort, 0, F_END));
  m.set(one, 0xe5, entry('in', 'eAX,Ib', inPort, 0, F_END));
  m.set(one, 0xe6, entry('out', 'Ib,AL', outPort, 0, F_END));
  m.set(one, 0xe7, entry('out', 'Ib,eAX', outPort, 0, F_END));
  m.set(one, 0xec, entry('in', 'AL', inPort, 1, F_END));
  m.set(one, 0xed, entry('in', 'eAX', inPort, 1, F_END));
  m.set(one, 0xee, entry('out', 'AL', outPort, 1, F_END));
  m.set(one, 0xef, entry('out', 'eAX', outPort, 1, F_END));

  m.set(one, 0xe0, entry('loopne', 'Jb', loop, 0, F_END | F_F64));
  m.set(one, 0xe1, entry('loope', 'Jb', loop, 1, F_END | F_F64));
  m.set(one, 0xe2, entry('loop', 'Jb', loop, 2, F_END | F_F64));
  m.set(one, 0xe3, entry('jrcxz', 'Jb', jrcxz, 0, F_END | F_F64));

  m.set(one, 0xc8, entry('enter', 'Iw,Ib', enter, 0, F_D64));
  m.set(one, 0xc9, entry('leave', '', leave, 0, F_D64));
}
