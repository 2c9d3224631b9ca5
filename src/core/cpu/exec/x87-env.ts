import type { Cpu } from '../cpu.ts';
import type { Insn } from '../decode/insn.ts';
import { addLinear, probeWrite, read16, read32, write16, write32 } from '../../mmu/access.ts';
import { unpackExtended } from '../fpu/formats.ts';
import { FINITE, T, ZERO, cls, DENORMAL, TAG, V } from '../fpu/value.ts';
import { ea } from './operands.ts';
import { fcwFrom, fninit, fswFrom } from './x87.ts';
import { beginX87, checkX87, renumber, top } from './x87-stack.ts';

/**
 * fnstenv/fldenv and fnsave/frstor: the environment (control, status and full tag words,
 * then the last instruction and operand pointers, which pagescope does not track and stores
 * as zeros) in its 28-byte (32/64-bit operand size) or 14-byte (16-bit) layout, and for
 * fnsave/frstor the eight registers after it, 10 bytes each in stack order.
 */

const ENV = new Int32Array(3);
const REGS = new Uint8Array(80);

/** The full tag word: two bits per physical register, 00 valid, 01 zero, 10 special (NaN,
 * infinity, denormal, unsupported), 11 empty, computed from the contents as the CPU does. */
export function fullTagWord(c: Cpu): number {
  const t = top(c);
  const r = c.x87regs;
  let word = 0;
  for (let i = 0; i < 8; i++) {
    const p = (t + i) & 7;
    let tag = 3;
    if (((c.ftw >> p) & 1) !== 0) {
      const b = i << 4;
      const lo = r[b] | (r[b + 1] << 8) | (r[b + 2] << 16) | (r[b + 3] << 24);
      const hi = r[b + 4] | (r[b + 5] << 8) | (r[b + 6] << 16) | (r[b + 7] << 24);
      unpackExtended(T, lo, hi, r[b + 8] | (r[b + 9] << 8));
      const k = cls(T);
      tag = k === ZERO ? 1 : k === FINITE && (V[T + TAG] & DENORMAL) === 0 ? 0 : 2;
    }
    word |= tag << (2 * p);
  }
  return word;
}

/** The abridged tag word of a full one: a register is in use unless its tag is 11. */
function abridged(full: number): number {
  let ftw = 0;
  for (let p = 0; p < 8; p++) if (((full >> (2 * p)) & 3) !== 3) ftw |= 1 << p;
  return ftw;
}

function envSize(i: Insn): number {
  return i.osize === 2 ? 14 : 28;
}

function storeEnv(c: Cpu, i: Insn, lo: number, hi: number): void {
  const size = envSize(i);
  const step = size === 14 ? 2 : 4;
  ENV[0] = c.fcw;
  ENV[1] = c.fsw;
  ENV[2] = fullTagWord(c);
  for (let k = 0; k < size; k += step) {
    const n = k / step;
    const v = n < 3 ? ENV[n] : 0;
    const at = addLinear(c, lo, hi, k);
    if (step === 2) write16(c, at, c.tmp[1], v);
    // The 32-bit layout pads the three words with ones.
    else write32(c, at, c.tmp[1], n < 3 ? v | 0xffff0000 : 0);
  }
}

function readEnv(c: Cpu, i: Insn, lo: number, hi: number): void {
  const step = envSize(i) === 14 ? 2 : 4;
  for (let k = 0; k < 3; k++) {
    const at = addLinear(c, lo, hi, k * step);
    ENV[k] = read16(c, at, c.tmp[1]);
  }
}

function loadEnv(c: Cpu): void {
  const fcw = fcwFrom(ENV[0]);
  c.fcw = fcw;
  renumber(c, (ENV[1] >> 11) & 7);
  c.fsw = fswFrom(ENV[1], fcw);
  c.ftw = abridged(ENV[2]);
}

/** D9 /6 fnstenv: stores the environment, then masks every exception. */
export function fnstenv(c: Cpu, i: Insn): void {
  checkX87(c);
  const lo = ea(c, i);
  const hi = c.tmp[1];
  probeWrite(c, lo, hi, envSize(i));
  storeEnv(c, i, lo, hi);
  c.fcw |= 0x3f;
  c.fsw = fswFrom(c.fsw, c.fcw);
}

/** D9 /4 fldenv (a waiting instruction: a pending exception is raised first). */
export function fldenv(c: Cpu, i: Insn): void {
  beginX87(c);
  const lo = ea(c, i);
  readEnv(c, i, lo, c.tmp[1]);
  loadEnv(c);
}

/** DD /6 fnsave: the environment and the registers, then fninit. */
export function fnsave(c: Cpu, i: Insn): void {
  checkX87(c);
  const lo = ea(c, i);
  const hi = c.tmp[1];
  const size = envSize(i);
  probeWrite(c, lo, hi, size + 80);
  storeEnv(c, i, lo, hi);
  const r = c.x87regs;
  for (let k = 0; k < 80; k += 2) {
    const b = ((k / 10) | 0) * 16 + (k % 10);
    write16(c, addLinear(c, lo, hi, size + k), c.tmp[1], r[b] | (r[b + 1] << 8));
  }
  fninit(c);
}

/** DD /4 frstor (waiting). */
export function frstor(c: Cpu, i: Insn): void {
  beginX87(c);
  const lo = ea(c, i);
  const hi = c.tmp[1];
  const size = envSize(i);
  readEnv(c, i, lo, hi);
  for (let k = 0; k < 80; k += 4) {
    const v = read32(c, addLinear(c, lo, hi, size + k), c.tmp[1]);
    for (let b = 0; b < 4; b++) REGS[k + b] = v >>> (8 * b);
  }
  loadEnv(c);
  const r = c.x87regs;
  for (let k = 0; k < 80; k++) r[((k / 10) | 0) * 16 + (k % 10)] = REGS[k];
}
