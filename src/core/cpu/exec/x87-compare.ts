import type { Cpu } from '../cpu.ts';
import type { Insn } from '../decode/insn.ts';
import { CF, PF, ZF } from '../flags.ts';

import { FLAG_DE, FLAG_IE } from '../fpu/round.ts';
import {
  A,
  B,
  DENORMAL,
  FINITE,
  INF,
  QNAN,
  SNAN,
  TAG,
  UNSUPPORTED,
  V,
  ZERO,
  cls,
  compareValues,
  isNan,
  neg,
  setSpecial,
  isDenormalSource,
} from '../fpu/value.ts';
import { setArithFlags } from '../lazy-flags.ts';
import { readMemOperand } from './x87-operands.ts';
import {
  beginX87,
  FSW_C0,
  FSW_C1,
  FSW_C2,
  FSW_C3,
  FSW_CC,
  isEmpty,
  pop,
  raiseFlags,
  readSt,
  report,
  stackFault,
} from './x87-stack.ts';

/**
 * The x87 compares: fcom/fcomp/fcompp and ficom/ficomp (a NaN operand is invalid), fucom and
 * kin (only an SNaN is), fcomi/fucomi and their popping forms (EFLAGS), ftst and fxam. The
 * result goes to C3, C2, C0 as greater 000, less 001, equal 100, unordered 111.
 */
const LESS = -1;
const EQUAL = 0;
const UNORDERED = 2;

/** Orders slots A and B; returns the order, the flags in FLAGS[0]. */
const FLAGS = new Int32Array(1);

function order(quietNanOk: boolean): number {
  const ka = cls(A);
  const kb = cls(B);
  if (ka === UNSUPPORTED || kb === UNSUPPORTED || isNan(A) || isNan(B)) {
    const signals =
      !quietNanOk || ka === SNAN || kb === SNAN || ka === UNSUPPORTED || kb === UNSUPPORTED;
    FLAGS[0] = signals ? FLAG_IE : 0;
    return UNORDERED;
  }
  FLAGS[0] = isDenormalSource(A) || isDenormalSource(B) ? FLAG_DE : 0;
  return compareValues(A, B);
}

function conditionCodes(o: number): number {
  if (o === UNORDERED) return FSW_C3 | FSW_C2 | FSW_C0;
  return o === LESS ? FSW_C0 : o === EQUAL ? FSW_C3 : 0;
}

/** Compares A with B (both loaded), sets C3/C2/C0 unless an unmasked exception says not to,
 * and pops `pops` times. `empty`: an operand register was empty (stack underflow). */
function finishCompare(c: Cpu, empty: boolean, quietNanOk: boolean, pops: number): void {
  // The condition codes are set even when an exception is unmasked; only the pops wait.
  let o = UNORDERED;
  let masked: boolean;
  if (empty) masked = stackFault(c, false);
  else {
    o = order(quietNanOk);
    report(c, FLAGS[0], false);
    masked = (FLAGS[0] & ~c.fcw & 3) === 0;
  }
  c.fsw = (c.fsw & ~(FSW_C3 | FSW_C2 | FSW_C0)) | conditionCodes(o);
  if (masked) for (let k = 0; k < pops; k++) pop(c);
}

/** D8/DC /2 /3 with a memory or register operand, DA/DE /2 /3 (ficom): ST0 against it. */
export function fcom(c: Cpu, i: Insn, memKind: number): void {
  beginX87(c);
  const pops = (i.modrm >> 3) & 1;
  if (i.rm < 0) readMemOperand(c, i, memKind, B);
  const src = i.modrm & 7;
  const empty = isEmpty(c, 0) || (i.rm >= 0 && isEmpty(c, src));
  readSt(c, 0, A);
  if (i.rm >= 0) readSt(c, src, B);
  finishCompare(c, empty, false, pops);
}

/** DE D9 fcompp, DA E9 fucompp (quiet). */
export function fcompp(c: Cpu, quiet: boolean): void {
  beginX87(c);
  readSt(c, 0, A);
  readSt(c, 1, B);
  finishCompare(c, isEmpty(c, 0) || isEmpty(c, 1), quiet, 2);
}

/** DD E0+i fucom, DD E8+i fucomp. */
export function fucom(c: Cpu, i: Insn): void {
  beginX87(c);
  const src = i.modrm & 7;
  readSt(c, 0, A);
  readSt(c, src, B);
  finishCompare(c, isEmpty(c, 0) || isEmpty(c, src), true, (i.modrm >> 3) & 1);
}

/** D9 E4 ftst: ST0 against +0. */
export function ftst(c: Cpu): void {
  beginX87(c);
  readSt(c, 0, A);
  setSpecial(B, ZERO, false);
  finishCompare(c, isEmpty(c, 0), false, 0);
}

/** fcomi/fcomip (DB/DF F0+i) and fucomi/fucomip (DB/DF E8+i): ZF, PF, CF. */
export function fcomi(c: Cpu, i: Insn, pops: boolean): void {
  beginX87(c);
  const src = i.modrm & 7;
  const quiet = (i.modrm & 0xf8) === 0xe8;
  // EFLAGS are set even when an exception is unmasked; C1 is left alone but on underflow.
  let o = UNORDERED;
  let masked: boolean;
  if (isEmpty(c, 0) || isEmpty(c, src)) masked = stackFault(c, false);
  else {
    readSt(c, 0, A);
    readSt(c, src, B);
    o = order(quiet);
    raiseFlags(c, FLAGS[0]);
    masked = (FLAGS[0] & ~c.fcw & 3) === 0;
  }
  setArithFlags(c, o === UNORDERED ? ZF | PF | CF : o === LESS ? CF : o === EQUAL ? ZF : 0);
  if (pops && masked) pop(c);
}

/** D9 E5 fxam: the class of ST0 in C3, C2, C0 and its sign in C1; never an exception. */
export function fxam(c: Cpu): void {
  beginX87(c);
  readSt(c, 0, A);
  let cc: number;
  if (isEmpty(c, 0)) cc = FSW_C3 | FSW_C0;
  else
    switch (cls(A)) {
      case ZERO:
        cc = FSW_C3;
        break;
      case FINITE:
        cc = (V[A + TAG] & DENORMAL) !== 0 ? FSW_C3 | FSW_C2 : FSW_C2;
        break;
      case INF:
        cc = FSW_C2 | FSW_C0;
        break;
      case QNAN:
      case SNAN:
        cc = FSW_C0;
        break;
      default:
        cc = 0;
    }
  if (neg(A)) cc |= FSW_C1;
  c.fsw = (c.fsw & ~FSW_CC) | cc;
}
