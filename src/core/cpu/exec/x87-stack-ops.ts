import type { Cpu } from '../cpu.ts';
import type { Insn } from '../decode/insn.ts';
import { testCondition } from '../lazy-flags.ts';
import { R } from '../fpu/value.ts';
import {
  beginX87,
  copySt,
  isEmpty,
  report,
  rotateDown,
  rotateUp,
  setTag,
  stackFault,
  writeIndefinite,
} from './x87-stack.ts';

/**
 * x87 instructions that move registers without arithmetic: fxch, ffree, fincstp, fdecstp,
 * fchs, fabs (sign bit only, bit for bit otherwise), fcmovcc and fnop.
 */

const SWAP = new Uint8Array(16);

/** D9 C8+i fxch st(i): an empty operand is a stack underflow; with IE masked it reads as the
 * default NaN and the exchange goes ahead. */
export function fxch(c: Cpu, i: Insn): void {
  beginX87(c);
  const st = i.modrm & 7;
  if (isEmpty(c, 0) || isEmpty(c, st)) {
    if (!stackFault(c, false)) return;
    if (isEmpty(c, 0)) writeIndefinite(c, 0, R);
    if (isEmpty(c, st)) writeIndefinite(c, st, R);
  } else report(c, 0, false);
  const r = c.x87regs;
  SWAP.set(r.subarray(0, 16));
  r.copyWithin(0, st << 4, (st << 4) + 16);
  r.set(SWAP, st << 4);
}

/** DD C0+i ffree st(i): tags it empty (and clears C1, as the host does). */
export function ffree(c: Cpu, i: Insn): void {
  beginX87(c);
  setTag(c, i.modrm & 7, false);
  report(c, 0, false);
}

/** D9 F6 fdecstp, D9 F7 fincstp: TOP moves, tags stay; C1 = 0. */
export function fincdecstp(c: Cpu, i: Insn): void {
  beginX87(c);
  if ((i.modrm & 1) !== 0) rotateUp(c);
  else rotateDown(c);
  report(c, 0, false);
}

/** D9 E0 fchs, D9 E1 fabs: the sign bit of ST0. */
export function fchsAbs(c: Cpu, i: Insn): void {
  beginX87(c);
  if (isEmpty(c, 0)) {
    if (stackFault(c, false)) writeIndefinite(c, 0, R);
    return;
  }
  const r = c.x87regs;
  r[9] = (i.modrm & 1) !== 0 ? r[9] & 0x7f : r[9] ^ 0x80;
  report(c, 0, false);
}

/** Conditions of fcmovcc by DA/DB and ModRM.reg: b, e, be, u and their negations. */
const CONDITIONS = [2, 4, 6, 10];

/** DA/DB C0-DF fcmovcc st0, st(i); `negated` for the DB forms. */
export function fcmov(c: Cpu, i: Insn, negated: boolean): void {
  beginX87(c);
  const st = i.modrm & 7;
  if (isEmpty(c, 0) || isEmpty(c, st)) {
    if (stackFault(c, false)) writeIndefinite(c, 0, R);
    return;
  }
  // C1 stays as it was (the host leaves it).
  if (testCondition(c, CONDITIONS[(i.modrm >> 3) & 3] | (negated ? 1 : 0))) copySt(c, 0, st);
}

/** D9 D0 fnop (D9 D1-D7 are undefined). */
export function fnop(c: Cpu): void {
  beginX87(c);
}
