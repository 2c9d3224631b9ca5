import type { Cpu } from '../cpu.ts';
import type { Insn } from '../decode/insn.ts';
import { addLinear, probeWrite, write16, write32, write64 } from '../../mmu/access.ts';
import {
  DOUBLE,
  EMAX,
  EMIN,
  OUT,
  PRECISION,
  SINGLE,
  packDouble,
  packSingle,
} from '../fpu/formats.ts';
import { INT, toInteger } from '../fpu/integer.ts';
import { propagateX87 } from '../fpu/nan.ts';
import { FLAG_DE, FLAG_IE, FLAG_OE, FLAG_PE, FLAG_UE, RC_ZERO, roundPack } from '../fpu/round.ts';
import {
  A,
  B,
  EXP,
  FINITE,
  HI,
  LO,
  R,
  V,
  ZERO,
  cls,
  copy,
  neg,
  set,
  setDefaultNan,
  isDenormalSource,
} from '../fpu/value.ts';
import { load, W, W0 } from '../fpu/working.ts';
import { ea } from './operands.ts';
import { M32_REAL, M64_REAL, RAW, readMemOperand, readRawExtended } from './x87-operands.ts';
import {
  beginX87,
  c1AfterRounding,
  copySt,
  isEmpty,
  pop,
  readSt,
  report,
  rotateDown,
  roundControl,
  roundToExtended,
  stackFault,
  writeIndefinite,
  writeSt,
  writeStRaw,
} from './x87-stack.ts';

/**
 * Loads and stores of the x87 stack: fld/fild push a value converted exactly to extended
 * precision (an SNaN from m32/m64 is invalid and loads quiet; m80 and registers copy bit for
 * bit); fst/fist round ST0 to the destination format by the rounding control; fisttp
 * truncates. A store to memory happens before the status word changes, so a page fault
 * leaves the FPU as it was.
 */

/** Exceptions that, unmasked, keep a store from writing its destination. */
const STORE_BLOCKING = 0x1f;

/** Makes room for a push: false (after a stack-overflow report) if ST7 is in use, in which
 * case a masked fault has pushed the default NaN. */
function roomToPush(c: Cpu): boolean {
  if (isEmpty(c, 7)) return true;
  if (stackFault(c, true)) {
    rotateDown(c);
    writeIndefinite(c, 0, R);
  }
  return false;
}

/** Pushes slot v unless `flags` hold an unmasked invalid operation (a denormal operand,
 * even unmasked, is loaded); reports the flags. */
function pushValue(c: Cpu, v: number, flags: number): void {
  if (!roomToPush(c)) return;
  report(c, flags, false);
  if ((flags & ~c.fcw & FLAG_IE) !== 0) return;
  rotateDown(c);
  writeSt(c, 0, v);
}

/** fld m32/m64 (D9 /0, DD /0; `format` SINGLE or DOUBLE) and D9 C0+i fld st(i). */
export function fld(c: Cpu, i: Insn, format: number): void {
  beginX87(c);
  if (i.rm >= 0) {
    fldSt(c, i.rm & 7);
    return;
  }
  readMemOperand(c, i, format === DOUBLE ? M64_REAL : M32_REAL, B);
  const nan = propagateX87(B, B, R);
  if (nan >= 0) pushValue(c, R, nan);
  else pushValue(c, B, isDenormalSource(B) ? FLAG_DE : 0);
}

function fldSt(c: Cpu, st: number): void {
  if (isEmpty(c, st)) {
    // An empty source is reported as underflow, whether or not ST7 is free.
    if (stackFault(c, false)) {
      rotateDown(c);
      writeIndefinite(c, 0, R);
    }
    return;
  }
  if (!roomToPush(c)) return;
  rotateDown(c);
  // The source, ST(st) before the push, is ST(st + 1) now.
  copySt(c, 0, st + 1);
  report(c, 0, false);
}

/** DB /5 fld m80: bit for bit, whatever the encoding. */
export function fldExtended(c: Cpu, i: Insn): void {
  beginX87(c);
  const lo = ea(c, i);
  readRawExtended(c, lo, c.tmp[1]);
  if (!roomToPush(c)) return;
  rotateDown(c);
  writeStRaw(c, 0, RAW[0], RAW[1], RAW[2]);
  report(c, 0, false);
}

/** fild m16/m32/m64 (DF /0, DB /0, DF /5; `kind` the memory operand's): exact. */
export function fild(c: Cpu, i: Insn, kind: number): void {
  beginX87(c);
  readMemOperand(c, i, kind, B);
  pushValue(c, B, 0);
}

/** Constants of fld1 ... fldz (D9 E8-EE): exponent and a 96-bit significand, rounded to 64
 * bits by the rounding control (as the 387 and later do). */
const CONSTANTS = [
  [0, 0x80000000, 0, 0], // fld1
  [1, 0xd49a784b, 0xcd1b8afe, 0x492bf6ff], // fldl2t: log2(10)
  [0, 0xb8aa3b29, 0x5c17f0bb, 0xbe87fed0], // fldl2e: log2(e)
  [1, 0xc90fdaa2, 0x2168c234, 0xc4c6628b], // fldpi
  [-2, 0x9a209a84, 0xfbcff798, 0x8f8959ac], // fldlg2: log10(2)
  [-1, 0xb17217f7, 0xd1cf79ab, 0xc9e3b398], // fldln2: ln(2)
];
const CONSTANT = new Int32Array(CONSTANTS.flat());

/** D9 E8-EE: i.modrm & 7 picks the constant (6 is +0). */
export function fldConstant(c: Cpu, i: Insn): void {
  beginX87(c);
  const which = i.modrm & 7;
  if (!roomToPush(c)) return;
  if (which === 6) set(R, ZERO, 0, 0, 0);
  else {
    const k = which * 4;
    load(0, CONSTANT[k], CONSTANT[k + 1], CONSTANT[k + 2]);
    W[W0] = CONSTANT[k + 3];
    roundToExtended(c, R);
  }
  rotateDown(c);
  writeSt(c, 0, R);
  report(c, 0, false);
}

/** ST0 (or the default NaN, if ST0 is empty and IE masked) for a store: false when the
 * stack underflow is unmasked and nothing is to be stored. */
function storeSource(c: Cpu): boolean {
  if (!isEmpty(c, 0)) {
    readSt(c, 0, A);
    return true;
  }
  if ((c.fcw & FLAG_IE) === 0) {
    stackFault(c, false);
    return false;
  }
  setDefaultNan(A);
  return true;
}

/** fst/fstp m32 (D9 /2 /3) and m64 (DD /2 /3); `format` SINGLE or DOUBLE. */
export function fstReal(c: Cpu, i: Insn, format: number): void {
  beginX87(c);
  const pops = ((i.modrm >> 3) & 7) === 3;
  const lo = ea(c, i);
  const hi = c.tmp[1];
  const empty = isEmpty(c, 0);
  if (!storeSource(c)) return;
  let flags = empty ? FLAG_IE | 0x40 : 0;
  const nan = propagateX87(A, A, R);
  if (nan >= 0) flags |= nan;
  else if (cls(A) === FINITE) {
    load(neg(A) ? 1 : 0, V[A + EXP], V[A + HI], V[A + LO]);
    flags |= roundPack(
      R,
      PRECISION[format],
      EMIN[format],
      EMAX[format],
      roundControl(c),
      c.fcw & 0x3f,
      false,
      0,
    );
  } else copy(R, A);
  let c1 = c1AfterRounding(flags);
  // An unmasked overflow or underflow stores nothing and reports neither PE nor C1.
  if ((flags & ~c.fcw & (FLAG_OE | FLAG_UE)) !== 0) {
    flags &= ~FLAG_PE;
    c1 = false;
  }
  if ((flags & ~c.fcw & STORE_BLOCKING) === 0) {
    if (format === SINGLE) write32(c, lo, hi, packSingle(R));
    else {
      packDouble(R);
      write64(c, lo, hi, OUT[0], OUT[1]);
    }
    if (pops) pop(c);
  }
  report(c, flags, empty ? false : c1);
}

/** DB /7 fstp m80: bit for bit. */
export function fstpExtended(c: Cpu, i: Insn): void {
  beginX87(c);
  const lo = ea(c, i);
  const hi = c.tmp[1];
  probeWrite(c, lo, hi, 10);
  if (isEmpty(c, 0)) {
    if (!stackFault(c, false)) return;
    write64(c, lo, hi, 0, 0xc0000000 | 0);
    write16(c, addLinear(c, lo, hi, 8), c.tmp[1], 0xffff);
    pop(c);
    return;
  }
  const r = c.x87regs;
  write64(
    c,
    lo,
    hi,
    r[0] | (r[1] << 8) | (r[2] << 16) | (r[3] << 24),
    r[4] | (r[5] << 8) | (r[6] << 16) | (r[7] << 24),
  );
  write16(c, addLinear(c, lo, hi, 8), c.tmp[1], r[8] | (r[9] << 8));
  pop(c);
  report(c, 0, false);
}

/** DD D0+i fst st(i), DD D8+i fstp st(i): bit for bit. */
export function fstSt(c: Cpu, i: Insn): void {
  beginX87(c);
  const st = i.modrm & 7;
  const pops = (i.modrm & 8) !== 0;
  if (isEmpty(c, 0)) {
    if (!stackFault(c, false)) return;
    writeIndefinite(c, st, R);
  } else {
    copySt(c, st, 0);
    report(c, 0, false);
  }
  if (pops) pop(c);
}

/** Integer stores of `bytes` (2, 4, 8); ModRM.reg: /1 fisttp, /2 fist, /3 and /7 fistp
 * (DF /7 is fistp m64). */
export function fist(c: Cpu, i: Insn, bytes: number): void {
  beginX87(c);
  const reg = (i.modrm >> 3) & 7;
  const bits = bytes * 8;
  const lo = ea(c, i);
  const hi = c.tmp[1];
  const empty = isEmpty(c, 0);
  let flags: number;
  if (empty) {
    if ((c.fcw & FLAG_IE) === 0) {
      stackFault(c, false);
      return;
    }
    setDefaultNan(A);
    flags = toInteger(A, bits, 0) | 0x40;
  } else {
    readSt(c, 0, A);
    flags = toInteger(A, bits, reg === 1 ? RC_ZERO : roundControl(c));
  }
  const c1 = c1AfterRounding(flags);
  if ((flags & ~c.fcw & FLAG_IE) !== 0) {
    report(c, flags, false);
    return;
  }
  if (bits === 16) write16(c, lo, hi, INT[0]);
  else if (bits === 32) write32(c, lo, hi, INT[0]);
  else write64(c, lo, hi, INT[0], INT[1]);
  if (reg !== 2) pop(c);
  report(c, flags, empty ? false : c1);
}
