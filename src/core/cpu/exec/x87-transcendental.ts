import type { Cpu } from '../cpu.ts';
import { DOUBLE, EMAX, EMIN, OUT, PRECISION, packDouble, unpackDouble } from '../fpu/formats.ts';
import { propagateX87 } from '../fpu/nan.ts';
import { FLAG_IE, FLAG_PE, FLAG_ZE, RC_NEAREST, roundPack } from '../fpu/round.ts';
import {
  A,
  B,
  EXP,
  FINITE,
  HI,
  INF,
  LO,
  R,
  T,
  V,
  ZERO,
  cls,
  copy,
  isNan,
  neg,
  setDefaultNan,
} from '../fpu/value.ts';
import { load } from '../fpu/working.ts';
import {
  beginX87,
  FSW_C2,
  isEmpty,
  pop,
  readSt,
  report,
  rotateDown,
  stackFault,
  writable,
  writeIndefinite,
  writeSt,
} from './x87-stack.ts';

/**
 * The x87 transcendental instructions, computed through JavaScript doubles: the operands are
 * rounded to double, the result comes from Math.* and is widened back. They are therefore NOT
 * exact to the extended format's last bit (the hardware's own results differ by processor
 * too); the flags are IE for invalid operands, ZE for log(0), and PE for any inexact result.
 * `op` picks: 0 f2xm1, 1 fyl2x, 2 fptan, 3 fpatan, 4 fyl2xp1, 5 fsincos, 6 fsin, 7 fcos.
 */
export const F2XM1 = 0;
export const FYL2X = 1;
export const FPTAN = 2;
export const FPATAN = 3;
export const FYL2XP1 = 4;
export const FSINCOS = 5;
export const FSIN = 6;
export const FCOS = 7;

const BITS = new Int32Array(2);
const NUMBER = new Float64Array(BITS.buffer);

function toNumber(v: number): number {
  const k = cls(v);
  if (k === ZERO) return neg(v) ? -0 : 0;
  if (k === INF) return neg(v) ? -Infinity : Infinity;
  load(neg(v) ? 1 : 0, V[v + EXP], V[v + HI], V[v + LO]);
  roundPack(T, PRECISION[DOUBLE], EMIN[DOUBLE], EMAX[DOUBLE], RC_NEAREST, 0x3f, false, 0);
  packDouble(T);
  BITS[0] = OUT[0];
  BITS[1] = OUT[1];
  return NUMBER[0];
}

function fromNumber(x: number, v: number): void {
  NUMBER[0] = x;
  unpackDouble(v, BITS[0], BITS[1], false);
}

/** A result from a double: NaN from non-NaN operands is invalid; infinity from finite ones
 * (the logarithm of zero) is division by zero; anything else finite is inexact. */
function resultFlags(x: number, finiteOperands: boolean): number {
  if (Number.isNaN(x)) {
    setDefaultNan(R);
    return FLAG_IE;
  }
  fromNumber(x, R);
  if (!Number.isFinite(x)) return finiteOperands ? FLAG_ZE : 0;
  return x === 0 || Number.isInteger(x) ? 0 : FLAG_PE;
}

/** Operands beyond +-2^63 of the trigonometric instructions: C2 = 1 and ST0 unchanged. */
function outOfRange(v: number): boolean {
  return cls(v) === FINITE && V[v + EXP] >= 63;
}

export function x87Transcendental(c: Cpu, op: number): void {
  beginX87(c);
  const binary = op === FYL2X || op === FPATAN || op === FYL2XP1;
  const pushes = op === FPTAN || op === FSINCOS;
  if (isEmpty(c, 0) || (binary && isEmpty(c, 1))) {
    if (stackFault(c, false)) {
      writeIndefinite(c, 0, R);
      if (binary) {
        writeIndefinite(c, 1, R);
        pop(c);
      } else if (pushes) {
        rotateDown(c);
        writeIndefinite(c, 0, R);
      }
    }
    return;
  }
  if (pushes && !isEmpty(c, 7)) {
    if (stackFault(c, true)) {
      writeIndefinite(c, 0, R);
      rotateDown(c);
      writeIndefinite(c, 0, R);
    }
    return;
  }
  readSt(c, 0, A);
  readSt(c, 1, B);
  c.fsw &= ~FSW_C2;
  if (op >= FPTAN && op !== FPATAN && op !== FYL2XP1 && outOfRange(A)) {
    c.fsw |= FSW_C2;
    report(c, 0, false);
    return;
  }
  let flags = binary ? propagateX87(B, A, R) : propagateX87(A, A, R);
  let second = 0;
  if (flags < 0) {
    const x = toNumber(A);
    const y = binary ? toNumber(B) : 0;
    const finite = Number.isFinite(x) && Number.isFinite(y);
    switch (op) {
      case F2XM1:
        flags = resultFlags(Math.expm1(x * Math.LN2), finite);
        break;
      case FYL2X:
        flags = x < 0 ? resultFlags(NaN, finite) : resultFlags(y * Math.log2(x), finite);
        break;
      case FYL2XP1:
        flags = resultFlags((y * Math.log1p(x)) / Math.LN2, finite);
        break;
      case FPATAN:
        flags = resultFlags(Math.atan2(y, x), finite);
        break;
      case FPTAN:
        flags = resultFlags(Math.tan(x), finite);
        second = 1;
        break;
      case FSINCOS:
        flags = resultFlags(Math.sin(x), finite);
        second = Math.cos(x);
        break;
      case FSIN:
        flags = resultFlags(Math.sin(x), finite);
        break;
      default:
        flags = resultFlags(Math.cos(x), finite);
    }
  }
  report(c, flags, false);
  if (!writable(c, flags)) return;
  if (binary) {
    writeSt(c, 1, R);
    pop(c);
  } else if (pushes) {
    writeSt(c, 0, R);
    if (isNan(R)) copy(T, R);
    else fromNumber(second, T);
    rotateDown(c);
    writeSt(c, 0, T);
  } else writeSt(c, 0, R);
}
