import type { Cpu } from '../cpu.ts';
import type { Insn } from '../decode/insn.ts';
import { CF, PF, ZF } from '../flags.ts';
import { DOUBLE, SINGLE } from '../fpu/formats.ts';
import { FLAG_DE, FLAG_IE } from '../fpu/round.ts';
import { A, B, QNAN, SNAN, cls, compareValues, isNan, isDenormalSource } from '../fpu/value.ts';
import { setArithFlags } from '../lazy-flags.ts';
import { beginFloat, finishFloat, RESULT, srcScalar, unpackLane } from './sse-float-lane.ts';
import { srcX } from './sse-operands.ts';
import { FLOAT_DOUBLE, FLOAT_SCALAR } from './sse-float-arith.ts';

/**
 * cmpps/cmppd/cmpss/cmpsd (a mask of all ones where the predicate in imm8[2:0] holds) and
 * comiss/ucomiss/comisd/ucomisd (ZF, PF, CF). The "signaling" predicates (LT, LE, NLT, NLE)
 * and comis* treat a QNaN as an invalid operation; the others and ucomis* only an SNaN.
 */

const LESS = -1;
const EQUAL = 0;
const UNORDERED = 2;

/** Orders slots A and B; the flags raised go to COMPARE_FLAGS[0]. */
const COMPARE_FLAGS = new Int32Array(1);

function order(signalQuiet: boolean): number {
  if (isNan(A) || isNan(B)) {
    const snan = cls(A) === SNAN || cls(B) === SNAN;
    const qnan = cls(A) === QNAN || cls(B) === QNAN;
    COMPARE_FLAGS[0] = snan || (signalQuiet && qnan) ? FLAG_IE : 0;
    return UNORDERED;
  }
  COMPARE_FLAGS[0] = isDenormalSource(A) || isDenormalSource(B) ? FLAG_DE : 0;
  return compareValues(A, B);
}

/** Whether predicate p (0 EQ, 1 LT, 2 LE, 3 UNORD, 4 NEQ, 5 NLT, 6 NLE, 7 ORD) holds. */
function holds(p: number, o: number): boolean {
  switch (p) {
    case 0:
      return o === EQUAL;
    case 1:
      return o === LESS;
    case 2:
      return o === LESS || o === EQUAL;
    case 3:
      return o === UNORDERED;
    case 4:
      return o !== EQUAL;
    case 5:
      return o !== LESS;
    case 6:
      return o !== LESS && o !== EQUAL;
    default:
      return o !== UNORDERED;
  }
}

/** cmpps/cmppd/cmpss/cmpsd xmm, xmm/m, imm8 (i.op: FLOAT_DOUBLE | FLOAT_SCALAR). */
export function floatCompare(c: Cpu, i: Insn): void {
  const format = (i.op & FLOAT_DOUBLE) !== 0 ? DOUBLE : SINGLE;
  const scalar = (i.op & FLOAT_SCALAR) !== 0;
  const s = scalar ? srcScalar(c, i, format) : srcX(c, i);
  beginFloat(c);
  const x = c.xmm;
  const d = i.reg << 2;
  const p = i.imm & 7;
  const signalQuiet = p === 1 || p === 2 || p === 5 || p === 6;
  const step = format === DOUBLE ? 2 : 1;
  const n = scalar ? 1 : 4 / step;
  let flags = 0;
  for (let k = 0; k < n; k++) {
    const at = k * step;
    unpackLane(A, x, d + at, format);
    unpackLane(B, s, at, format);
    const mask = holds(p, order(signalQuiet)) ? -1 : 0;
    flags |= COMPARE_FLAGS[0];
    RESULT[at] = mask;
    if (step === 2) RESULT[at + 1] = mask;
  }
  finishFloat(c, flags);
  for (let k = 0; k < n * step; k++) x[d + k] = RESULT[k];
}

/** comiss/comisd (i.op bit 0 set: QNaN signals) and ucomiss/ucomisd; FLOAT_DOUBLE for sd. */
export function floatCompareFlags(c: Cpu, i: Insn): void {
  const format = (i.op & FLOAT_DOUBLE) !== 0 ? DOUBLE : SINGLE;
  const s = srcScalar(c, i, format);
  beginFloat(c);
  unpackLane(A, c.xmm, i.reg << 2, format);
  unpackLane(B, s, 0, format);
  const o = order((i.op & 1) !== 0);
  finishFloat(c, COMPARE_FLAGS[0]);
  // OF, SF and AF are cleared.
  setArithFlags(c, o === UNORDERED ? ZF | PF | CF : o === LESS ? CF : o === EQUAL ? ZF : 0);
}
