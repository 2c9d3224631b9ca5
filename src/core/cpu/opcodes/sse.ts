import { movEG } from '../exec/mov.ts';
import {
  pack,
  PACK_SSDW,
  PACK_SSWB,
  PACK_USWB,
  padd,
  pshuf,
  psub,
  unpack,
} from '../exec/sse-int.ts';
import {
  logic,
  LOGIC_AND,
  LOGIC_ANDN,
  LOGIC_OR,
  LOGIC_XOR,
  movmsk,
  pcmpeq,
  pcmpgt,
  pminmaxub,
  pmovmskb,
} from '../exec/sse-logic.ts';
import {
  movdFromX,
  movdToX,
  movHalfLoad,
  movHalfStore,
  movqLoad,
  movqStore,
  movScalarLoad,
  movScalarStore,
  movVW,
  movWV,
} from '../exec/sse-move.ts';
import { D, Q, SLL, SRA, SRL, W, shiftBy, shiftBytes, shiftImm } from '../exec/sse-shift.ts';
import { entry, F_MEMFORM_ONLY, F_REGFORM_ONLY, group, simd } from '../decode/opcode-table.ts';
import type { Handler } from '../decode/insn.ts';
import type { OpcodeEntry, OpcodeMaps } from '../decode/opcode-table.ts';
import { defineFpuState } from './fpu-state.ts';
import { defineFloat } from './sse-float.ts';

/**
 * SSE/SSE2 as compilers use them in freestanding kernels (moves, logic, integer add/sub,
 * compares, shuffles, unpacks, shifts), floating-point arithmetic, compares and
 * conversions, MXCSR and FXSAVE/FXRSTOR, and the x87 (fpu-state.ts). MMX forms (no prefix on the integer opcodes) are not
 * implemented: #UD.
 * Entries are listed per mandatory prefix: [none, 66, F3, F2].
 */
export function defineSse(m: OpcodeMaps): void {
  defineMoves(m);
  defineInteger(m);
  defineFloat(m);
  defineFpuState(m);
}

const _ = undefined;
const MEM = F_MEMFORM_ONLY;
const REG = F_REGFORM_ONLY;

/** An SSE2 integer instruction: 66-prefixed only. */
function sse2(name: string, operands: string, exec: Handler, op = 0, flags = 0): OpcodeEntry {
  return simd([_, entry(name, operands, exec, op, flags), _, _]);
}

function defineMoves(m: OpcodeMaps): void {
  const two = m.two;
  m.set(
    two,
    0x10,
    simd([
      entry('movups', 'Vps,Wps', movVW, 0),
      entry('movupd', 'Vpd,Wpd', movVW, 0),
      entry('movss', 'Vss,Wss', movScalarLoad, 1),
      entry('movsd', 'Vsd,Wsd', movScalarLoad, 2),
    ]),
  );
  m.set(
    two,
    0x11,
    simd([
      entry('movups', 'Wps,Vps', movWV, 0),
      entry('movupd', 'Wpd,Vpd', movWV, 0),
      entry('movss', 'Wss,Vss', movScalarStore, 1),
      entry('movsd', 'Wsd,Vsd', movScalarStore, 2),
    ]),
  );
  // Without a prefix the register forms are movhlps (12) and movlhps (16).
  for (const [opcode, half, ps, pd] of [
    [0x12, 0, 'movlps', 'movlpd'],
    [0x16, 1, 'movhps', 'movhpd'],
  ] as const) {
    m.set(
      two,
      opcode,
      simd([
        entry(ps, 'Vq,Wq', movHalfLoad, half),
        entry(pd, 'Vq,Mq', movHalfLoad, half, MEM),
        _,
        _,
      ]),
    );
    m.set(
      two,
      opcode + 1,
      simd([
        entry(ps, 'Mq,Vq', movHalfStore, half, MEM),
        entry(pd, 'Mq,Vq', movHalfStore, half, MEM),
        _,
        _,
      ]),
    );
  }
  m.set(
    two,
    0x28,
    simd([entry('movaps', 'Vps,Wps', movVW, 1), entry('movapd', 'Vpd,Wpd', movVW, 1), _, _]),
  );
  m.set(
    two,
    0x29,
    simd([entry('movaps', 'Wps,Vps', movWV, 1), entry('movapd', 'Wpd,Vpd', movWV, 1), _, _]),
  );
  m.set(
    two,
    0x2b,
    simd([
      entry('movntps', 'Mps,Vps', movWV, 1, MEM),
      entry('movntpd', 'Mpd,Vpd', movWV, 1, MEM),
      _,
      _,
    ]),
  );
  m.set(
    two,
    0x6f,
    simd([_, entry('movdqa', 'Vx,Wx', movVW, 1), entry('movdqu', 'Vx,Wx', movVW, 0), _]),
  );
  m.set(
    two,
    0x7f,
    simd([_, entry('movdqa', 'Wx,Vx', movWV, 1), entry('movdqu', 'Wx,Vx', movWV, 0), _]),
  );
  m.set(two, 0xe7, sse2('movntdq', 'Mx,Vx', movWV, 1, MEM));
  m.set(two, 0x6e, sse2('movd', 'Vy,Ey', movdToX));
  m.set(
    two,
    0x7e,
    simd([_, entry('movd', 'Ey,Vy', movdFromX), entry('movq', 'Vq,Wq', movqLoad), _]),
  );
  m.set(two, 0xd6, sse2('movq', 'Wq,Vq', movqStore));
  // movnti is a general-register store: no CR0/CR4 checks, and no prefix allowed.
  m.set(two, 0xc3, simd([entry('movnti', 'My,Gy', movEG, 0, MEM), _, _, _]));
}

function defineInteger(m: OpcodeMaps): void {
  const two = m.two;
  const logicOps = [
    [0x54, 0xdb, 'and', LOGIC_AND],
    [0x55, 0xdf, 'andn', LOGIC_ANDN],
    [0x56, 0xeb, 'or', LOGIC_OR],
    [0x57, 0xef, 'xor', LOGIC_XOR],
  ] as const;
  for (const [float, int, name, op] of logicOps) {
    m.set(
      two,
      float,
      simd([
        entry(`${name}ps`, 'Vps,Wps', logic, op),
        entry(`${name}pd`, 'Vpd,Wpd', logic, op),
        _,
        _,
      ]),
    );
    m.set(two, int, sse2(`p${name}`, 'Vx,Wx', logic, op));
  }
  m.set(
    two,
    0x50,
    simd([
      entry('movmskps', 'Gy,Ups', movmsk, 4, REG),
      entry('movmskpd', 'Gy,Upd', movmsk, 8, REG),
      _,
      _,
    ]),
  );
  m.set(two, 0xd7, sse2('pmovmskb', 'Gd,Ux', pmovmskb, 0, REG));

  const sizes = ['b', 'w', 'd', 'q'];
  const unpacks = [0x60, 0x61, 0x62, 0x6c];
  const unpackHighs = [0x68, 0x69, 0x6a, 0x6d];
  const adds = [0xfc, 0xfd, 0xfe, 0xd4];
  const subs = [0xf8, 0xf9, 0xfa, 0xfb];
  for (let n = 0; n < 4; n++) {
    const bytes = 1 << n;
    const wide = ['bw', 'wd', 'dq', 'qdq'][n];
    m.set(two, unpacks[n], sse2(`punpckl${wide}`, 'Vx,Wx', unpack, bytes));
    m.set(two, unpackHighs[n], sse2(`punpckh${wide}`, 'Vx,Wx', unpack, bytes | 0x10));
    m.set(two, adds[n], sse2(`padd${sizes[n]}`, 'Vx,Wx', padd, bytes));
    m.set(two, subs[n], sse2(`psub${sizes[n]}`, 'Vx,Wx', psub, bytes));
    if (n < 3) {
      m.set(two, 0x74 + n, sse2(`pcmpeq${sizes[n]}`, 'Vx,Wx', pcmpeq, bytes));
      m.set(two, 0x64 + n, sse2(`pcmpgt${sizes[n]}`, 'Vx,Wx', pcmpgt, bytes));
    }
  }
  m.set(two, 0x63, sse2('packsswb', 'Vx,Wx', pack, PACK_SSWB));
  m.set(two, 0x67, sse2('packuswb', 'Vx,Wx', pack, PACK_USWB));
  m.set(two, 0x6b, sse2('packssdw', 'Vx,Wx', pack, PACK_SSDW));
  m.set(two, 0xda, sse2('pminub', 'Vx,Wx', pminmaxub, 0));
  m.set(two, 0xde, sse2('pmaxub', 'Vx,Wx', pminmaxub, 1));
  m.set(
    two,
    0x70,
    simd([
      _,
      entry('pshufd', 'Vx,Wx,Ib', pshuf, 0),
      entry('pshufhw', 'Vx,Wx,Ib', pshuf, 1),
      entry('pshuflw', 'Vx,Wx,Ib', pshuf, 2),
    ]),
  );

  // Shifts by imm8: groups 12-14, register operand only.
  const byImm = (name: string, op: number) => entry(name, 'Ux,Ib', shiftImm, op, REG);
  const shiftGroup = (subs: (OpcodeEntry | undefined)[]) =>
    simd([_, group('shift', 'Ux,Ib', subs), _, _]);
  m.set(
    two,
    0x71,
    shiftGroup([
      _,
      _,
      byImm('psrlw', SRL | W),
      _,
      byImm('psraw', SRA | W),
      _,
      byImm('psllw', SLL | W),
      _,
    ]),
  );
  m.set(
    two,
    0x72,
    shiftGroup([
      _,
      _,
      byImm('psrld', SRL | D),
      _,
      byImm('psrad', SRA | D),
      _,
      byImm('pslld', SLL | D),
      _,
    ]),
  );
  m.set(
    two,
    0x73,
    shiftGroup([
      _,
      _,
      byImm('psrlq', SRL | Q),
      entry('psrldq', 'Ux,Ib', shiftBytes, 0, REG),
      _,
      _,
      byImm('psllq', SLL | Q),
      entry('pslldq', 'Ux,Ib', shiftBytes, 1, REG),
    ]),
  );
  // Shifts by the low quadword of an XMM register or m128.
  const byReg = [
    [0xd1, 'psrlw', SRL | W],
    [0xd2, 'psrld', SRL | D],
    [0xd3, 'psrlq', SRL | Q],
    [0xe1, 'psraw', SRA | W],
    [0xe2, 'psrad', SRA | D],
    [0xf1, 'psllw', SLL | W],
    [0xf2, 'pslld', SLL | D],
    [0xf3, 'psllq', SLL | Q],
  ] as const;
  for (const [opcode, name, op] of byReg) m.set(two, opcode, sse2(name, 'Vx,Wx', shiftBy, op));
}
