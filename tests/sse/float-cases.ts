// SSE floating-point forms and their cases: a random SSE case whose XMM registers, data window
// and MXCSR are replaced by floating-point lanes and a random MXCSR (float-values.ts).
import { DATA_SIZE } from './case.ts';
import type { SseCase } from './case.ts';
import { floatDwords, randomMxcsr } from './float-values.ts';
import { encode, randomCase } from './gen.ts';
import type { Form, Rng } from './gen.ts';

const F3 = 0xf3;
const F2 = 0xf2;
const P66 = 0x66;

/** pushfq; pop rax; and eax, CF|PF|AF|ZF|SF|OF; mov [rsp - 8], rax: the arithmetic flags into
 * RAX (compared) and into the stack slot (which would otherwise hold bits the two sides set
 * apart), for the instructions whose result is EFLAGS. */
export const FLAGS_TO_RAX = [0x9c, 0x58, 0x25, 0xd5, 0x08, 0, 0, 0x48, 0x89, 0x44, 0x24, 0xf8];

/** The ps, pd, ss and sd forms of one opcode. */
function four(name: string, opcode: number, imm = false): Form[] {
  return [
    { name: `${name}ps`, prefix: 0, opcode, rm: 'both', imm },
    { name: `${name}pd`, prefix: P66, opcode, rm: 'both', imm },
    { name: `${name}ss`, prefix: F3, opcode, rm: 'both', imm },
    { name: `${name}sd`, prefix: F2, opcode, rm: 'both', imm },
  ];
}

export const FLOAT_FORMS: Form[] = [
  ...four('sqrt', 0x51),
  ...four('add', 0x58),
  ...four('mul', 0x59),
  ...four('sub', 0x5c),
  ...four('min', 0x5d),
  ...four('div', 0x5e),
  ...four('max', 0x5f),
  ...four('cmp', 0xc2, true),
  { name: 'ucomiss', prefix: 0, opcode: 0x2e, rm: 'both' },
  { name: 'ucomisd', prefix: P66, opcode: 0x2e, rm: 'both' },
  { name: 'comiss', prefix: 0, opcode: 0x2f, rm: 'both' },
  { name: 'comisd', prefix: P66, opcode: 0x2f, rm: 'both' },
  { name: 'cvtsi2ss r32', prefix: F3, opcode: 0x2a, rm: 'both' },
  { name: 'cvtsi2ss r64', prefix: F3, opcode: 0x2a, rm: 'both', rexW: true },
  { name: 'cvtsi2sd r32', prefix: F2, opcode: 0x2a, rm: 'both' },
  { name: 'cvtsi2sd r64', prefix: F2, opcode: 0x2a, rm: 'both', rexW: true },
  { name: 'cvttss2si r32', prefix: F3, opcode: 0x2c, rm: 'both' },
  { name: 'cvttss2si r64', prefix: F3, opcode: 0x2c, rm: 'both', rexW: true },
  { name: 'cvttsd2si r32', prefix: F2, opcode: 0x2c, rm: 'both' },
  { name: 'cvttsd2si r64', prefix: F2, opcode: 0x2c, rm: 'both', rexW: true },
  { name: 'cvtss2si r32', prefix: F3, opcode: 0x2d, rm: 'both' },
  { name: 'cvtss2si r64', prefix: F3, opcode: 0x2d, rm: 'both', rexW: true },
  { name: 'cvtsd2si r32', prefix: F2, opcode: 0x2d, rm: 'both' },
  { name: 'cvtsd2si r64', prefix: F2, opcode: 0x2d, rm: 'both', rexW: true },
  { name: 'cvtps2pd', prefix: 0, opcode: 0x5a, rm: 'both' },
  { name: 'cvtpd2ps', prefix: P66, opcode: 0x5a, rm: 'both' },
  { name: 'cvtss2sd', prefix: F3, opcode: 0x5a, rm: 'both' },
  { name: 'cvtsd2ss', prefix: F2, opcode: 0x5a, rm: 'both' },
  { name: 'cvtdq2ps', prefix: 0, opcode: 0x5b, rm: 'both' },
  { name: 'cvtps2dq', prefix: P66, opcode: 0x5b, rm: 'both' },
  { name: 'cvttps2dq', prefix: F3, opcode: 0x5b, rm: 'both' },
  { name: 'cvttpd2dq', prefix: P66, opcode: 0xe6, rm: 'both' },
  { name: 'cvtdq2pd', prefix: F3, opcode: 0xe6, rm: 'both' },
  { name: 'cvtpd2dq', prefix: F2, opcode: 0xe6, rm: 'both' },
];

/** A case of form f with float lanes everywhere and a random MXCSR. */
export function floatCase(r: Rng, f: Form): SseCase {
  const code = encode(r, f);
  const k = randomCase(
    r,
    f.name.includes('comis') ? Uint8Array.from([...code, ...FLAGS_TO_RAX]) : code,
  );
  const fx = new DataView(k.fx.buffer);
  fx.setUint32(24, randomMxcsr(r), true);
  const lanes = new Int32Array(4);
  for (let n = 0; n < 16; n++) {
    // Now and then a copy of another register: equal operands, x - x, x / x.
    if (n > 0 && r.chance(0.15)) {
      const from = r.int(n);
      for (let b = 0; b < 16; b++) k.fx[160 + 16 * n + b] = k.fx[160 + 16 * from + b]!;
      continue;
    }
    floatDwords(r, lanes, 0);
    for (let d = 0; d < 4; d++) fx.setInt32(160 + 16 * n + 4 * d, lanes[d]!, true);
  }
  const data = new DataView(k.data.buffer);
  for (let at = 0; at < DATA_SIZE; at += 16) {
    floatDwords(r, lanes, 0);
    for (let d = 0; d < 4; d++) data.setInt32(at + 4 * d, lanes[d]!, true);
  }
  return k;
}
