// x87 instruction cases: one to three instructions from the list below, on a random x87
// state (x87-values.ts), their memory operands at [rbx + disp8] filled with values of the
// operand's kind.
import { DATA_BASE } from '../sse/case.ts';
import type { SseCase } from '../sse/case.ts';
import { FLAGS_TO_RAX } from '../sse/float-cases.ts';
import { RBX, randomCase } from '../sse/gen.ts';
import type { Rng } from '../sse/gen.ts';
import { operandBytes, x87Image } from './x87-values.ts';

/** An x87 form: escape byte, ModRM.reg, and the memory operand's kind, or register forms
 * (`reg`: ModRM.rm 0-7 random) or one fixed ModRM byte. */
export interface X87Form {
  name: string;
  esc: number;
  ext: number;
  mem?: string;
  reg?: boolean;
  modrm?: number;
  /** Bytes run before the instruction (fcmov: EFLAGS from the GPRs, not the harness). */
  before?: number[];
  /** Bytes run after the instruction (fix-ups of what pagescope does not model). */
  after?: (disp: number) => number[];
  /** With a 66 prefix: the 16-bit environment layout (14 bytes). */
  o16?: boolean;
}

/** cmp eax, ecx. */
const CMP_EAX_ECX = [0x39, 0xc8];

/** mov dword [rbx + disp + k], 0 for the instruction and operand pointer fields of an
 * environment image (bytes 12-27), which the host fills and pagescope stores as zeros. */
const clearPointers = (disp: number) =>
  [12, 16, 20, 24].flatMap((k) => [0xc7, 0x43, (disp + k) & 0xff, 0, 0, 0, 0]);

/** mov word [rbx + disp + k], 0 for the pointer fields of the 16-bit layout (bytes 6-13). */
const clearPointers16 = (disp: number) =>
  [6, 8, 10, 12].flatMap((k) => [0x66, 0xc7, 0x43, (disp + k) & 0xff, 0, 0]);

const ARITH = ['fadd', 'fmul', 'fcom', 'fcomp', 'fsub', 'fsubr', 'fdiv', 'fdivr'];

function arith(): X87Form[] {
  const out: X87Form[] = [];
  const escapes = [
    [0xd8, 'm32'],
    [0xdc, 'm64'],
    [0xda, 'i32'],
    [0xde, 'i16'],
  ] as const;
  for (const [esc, mem] of escapes)
    ARITH.forEach((name, ext) => {
      out.push({ name: `${name} ${mem}`, esc, ext, mem });
      if (esc === 0xda || ((esc === 0xdc || esc === 0xde) && (ext === 2 || ext === 3))) return;
      out.push({ name: `${name} st(i) ${esc.toString(16)}`, esc, ext, reg: true });
    });
  return out;
}

const fixed = (name: string, esc: number, modrm: number): X87Form => ({
  name,
  esc,
  ext: (modrm >> 3) & 7,
  modrm,
});

export const X87_FORMS: X87Form[] = [
  ...arith(),
  fixed('fcompp', 0xde, 0xd9),
  fixed('fucompp', 0xda, 0xe9),
  { name: 'fld m32', esc: 0xd9, ext: 0, mem: 'm32' },
  { name: 'fld m64', esc: 0xdd, ext: 0, mem: 'm64' },
  { name: 'fld m80', esc: 0xdb, ext: 5, mem: 'm80' },
  { name: 'fld st(i)', esc: 0xd9, ext: 0, reg: true },
  { name: 'fst m32', esc: 0xd9, ext: 2, mem: 'm32' },
  { name: 'fstp m32', esc: 0xd9, ext: 3, mem: 'm32' },
  { name: 'fst m64', esc: 0xdd, ext: 2, mem: 'm64' },
  { name: 'fstp m64', esc: 0xdd, ext: 3, mem: 'm64' },
  { name: 'fstp m80', esc: 0xdb, ext: 7, mem: 'm80' },
  { name: 'fst st(i)', esc: 0xdd, ext: 2, reg: true },
  { name: 'fstp st(i)', esc: 0xdd, ext: 3, reg: true },
  { name: 'fild m16', esc: 0xdf, ext: 0, mem: 'i16' },
  { name: 'fild m32', esc: 0xdb, ext: 0, mem: 'i32' },
  { name: 'fild m64', esc: 0xdf, ext: 5, mem: 'i64' },
  { name: 'fist m16', esc: 0xdf, ext: 2, mem: 'i16' },
  { name: 'fistp m16', esc: 0xdf, ext: 3, mem: 'i16' },
  { name: 'fist m32', esc: 0xdb, ext: 2, mem: 'i32' },
  { name: 'fistp m32', esc: 0xdb, ext: 3, mem: 'i32' },
  { name: 'fistp m64', esc: 0xdf, ext: 7, mem: 'i64' },
  { name: 'fisttp m16', esc: 0xdf, ext: 1, mem: 'i16' },
  { name: 'fisttp m32', esc: 0xdb, ext: 1, mem: 'i32' },
  { name: 'fisttp m64', esc: 0xdd, ext: 1, mem: 'i64' },
  { name: 'fbld', esc: 0xdf, ext: 4, mem: 'bcd' },
  { name: 'fbstp', esc: 0xdf, ext: 6, mem: 'bcd' },
  { name: 'fxch', esc: 0xd9, ext: 1, reg: true },
  { name: 'ffree', esc: 0xdd, ext: 0, reg: true },
  { name: 'fucom', esc: 0xdd, ext: 4, reg: true },
  { name: 'fucomp', esc: 0xdd, ext: 5, reg: true },
  { name: 'fucomi', esc: 0xdb, ext: 5, reg: true, after: () => FLAGS_TO_RAX },
  { name: 'fcomi', esc: 0xdb, ext: 6, reg: true, after: () => FLAGS_TO_RAX },
  { name: 'fucomip', esc: 0xdf, ext: 5, reg: true, after: () => FLAGS_TO_RAX },
  { name: 'fcomip', esc: 0xdf, ext: 6, reg: true, after: () => FLAGS_TO_RAX },
  ...[0, 1, 2, 3].flatMap((ext): X87Form[] => [
    { name: `fcmov da /${ext}`, esc: 0xda, ext, reg: true, before: CMP_EAX_ECX },
    { name: `fcmov db /${ext}`, esc: 0xdb, ext, reg: true, before: CMP_EAX_ECX },
  ]),
  fixed('fnop', 0xd9, 0xd0),
  fixed('fchs', 0xd9, 0xe0),
  fixed('fabs', 0xd9, 0xe1),
  fixed('ftst', 0xd9, 0xe4),
  fixed('fxam', 0xd9, 0xe5),
  ...['fld1', 'fldl2t', 'fldl2e', 'fldpi', 'fldlg2', 'fldln2', 'fldz'].map((n, k) =>
    fixed(n, 0xd9, 0xe8 + k),
  ),
  fixed('fxtract', 0xd9, 0xf4),
  fixed('fprem1', 0xd9, 0xf5),
  fixed('fdecstp', 0xd9, 0xf6),
  fixed('fincstp', 0xd9, 0xf7),
  fixed('fprem', 0xd9, 0xf8),
  fixed('fsqrt', 0xd9, 0xfa),
  fixed('frndint', 0xd9, 0xfc),
  fixed('fscale', 0xd9, 0xfd),
  fixed('fnclex', 0xdb, 0xe2),
  { name: 'fnstenv', esc: 0xd9, ext: 6, mem: 'm80', after: clearPointers },
  { name: 'fldenv', esc: 0xd9, ext: 4, mem: 'env' },
  { name: 'fnsave', esc: 0xdd, ext: 6, mem: 'm80', after: clearPointers },
  { name: 'frstor', esc: 0xdd, ext: 4, mem: 'env' },
  { name: 'fnstenv o16', esc: 0xd9, ext: 6, mem: 'm80', after: clearPointers16, o16: true },
  { name: 'fldenv o16', esc: 0xd9, ext: 4, mem: 'env', o16: true },
  { name: 'fnsave o16', esc: 0xdd, ext: 6, mem: 'm80', after: clearPointers16, o16: true },
  { name: 'frstor o16', esc: 0xdd, ext: 4, mem: 'env', o16: true },
];

/** An environment image to load (28 bytes, or 14 for the 16-bit layout): random control
 * word, status (TOP, flags, never a pending exception) and tag words, zero pointers; returns
 * its size. */
function envBytes(r: Rng, out: Uint8Array, at: number, o16: boolean): number {
  const v = new DataView(out.buffer, out.byteOffset);
  const fcw = (r.u32() & 0x1f3f) | 0x40;
  const words = [
    fcw,
    (r.u32() & 0x7f00) | (r.u32() & 0x3f & fcw),
    r.chance(0.3) ? 0xffff : r.u32() & 0xffff,
  ];
  const step = o16 ? 2 : 4;
  words.forEach((w, n) => {
    if (o16) v.setUint16(at + n * step, w, true);
    else v.setUint32(at + n * step, w | 0xffff0000, true);
  });
  const size = o16 ? 14 : 28;
  for (let k = 3 * step; k < size; k++) out[at + k] = 0;
  return size;
}

function encodeForm(r: Rng, f: X87Form, data: Uint8Array): number[] {
  const before = f.before ?? [];
  if (f.modrm !== undefined) return [f.esc, f.modrm];
  if (f.reg) return [...before, f.esc, 0xc0 | (f.ext << 3) | r.int(8)];
  const disp = r.int(100) - 50;
  const at = RBX - DATA_BASE + disp;
  if (f.mem === 'env') {
    const size = envBytes(r, data, at, f.o16 === true);
    if (f.esc === 0xdd)
      for (let k = 0; k < 8; k++) operandBytes(r, 'm80', data, at + size + 10 * k);
  } else operandBytes(r, f.mem!, data, at);
  const prefix = f.o16 ? [0x66] : [];
  return [
    ...prefix,
    f.esc,
    0x40 | (f.ext << 3) | 3,
    disp & 0xff,
    ...(f.after ? f.after(disp) : []),
  ];
}

/** A case: `form` after up to two random other forms, so results meet later instructions. */
export function x87Case(r: Rng, form: X87Form, maxOthers = 2): SseCase {
  const k = randomCase(r, new Uint8Array(0));
  x87Image(r, k.fx);
  const code: number[] = [];
  const others = r.int(maxOthers + 1);
  for (let n = 0; n < others; n++) code.push(...encodeForm(r, r.pick(X87_FORMS), k.data));
  code.push(...encodeForm(r, form, k.data));
  if (form.reg && form.after) code.push(...form.after(0));
  if (r.chance(0.3)) code.push(0x9b); // fwait: raises the pending exception, if any
  k.code = Uint8Array.from(code);
  return k;
}
