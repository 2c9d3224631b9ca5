import { AF, ARITH, CF, OF, PARITY, PF, SF, ZF } from './flags.ts';
import { CC_AUX, CC_DST, CC_DST_HI, CC_OP, CC_RES, CC_RES_HI, CC_SRC, CC_SRC_HI } from './state.ts';
import type { CpuState } from './state.ts';

/**
 * Lazy arithmetic flags, as in QEMU's cc_op and Bochs' lazy flags: an ALU instruction
 * records its kind, size and operands in cpu.cc, and a flag is computed only when something
 * reads it. cc[CC_OP] = kind << 2 | size index (0: 8, 1: 16, 2: 32, 3: 64 bits).
 * For sizes up to 32 bits the values sit in the low slots only; 64-bit ones use the pairs.
 */
export const EAGER = 0;
export const K_ADD = 1;
export const K_ADC = 2;
export const K_SUB = 3;
export const K_SBB = 4;
/** and, or, xor, test: CF = OF = 0. */
export const K_LOGIC = 5;
/** inc/dec: ADD/SUB of 1 with CF kept in CC_AUX. */
export const K_INC = 6;
export const K_DEC = 7;

/** log2 of the operand size in bytes, the low two bits of cc[CC_OP]. */
export const SZ8 = 0;
export const SZ16 = 1;
export const SZ32 = 2;
export const SZ64 = 3;

const SIGN = [0x80, 0x8000, 0x80000000 | 0, 0x80000000 | 0];
const MASK = [0xff, 0xffff, -1, -1];

/** Records a flag-setting operation whose operands fit in 32 bits. */
export function setCc(s: CpuState, op: number, dst: number, src: number, res: number): void {
  const cc = s.cc;
  cc[CC_OP] = op;
  cc[CC_DST] = dst;
  cc[CC_SRC] = src;
  cc[CC_RES] = res;
}

export function setCc64(
  s: CpuState,
  kind: number,
  dLo: number,
  dHi: number,
  sLo: number,
  sHi: number,
  rLo: number,
  rHi: number,
): void {
  const cc = s.cc;
  cc[CC_OP] = (kind << 2) | SZ64;
  cc[CC_DST] = dLo;
  cc[CC_DST_HI] = dHi;
  cc[CC_SRC] = sLo;
  cc[CC_SRC_HI] = sHi;
  cc[CC_RES] = rLo;
  cc[CC_RES_HI] = rHi;
}

/** Unsigned a < b for the operation's width, from the stored pairs when 64-bit. */
function below(aLo: number, aHi: number, bLo: number, bHi: number, sz: number, mask: number) {
  if (sz === SZ64) return aHi !== bHi ? aHi >>> 0 < bHi >>> 0 : aLo >>> 0 < bLo >>> 0;
  return (aLo & mask) >>> 0 < (bLo & mask) >>> 0;
}

function computeCF(cc: Int32Array, kind: number, sz: number): boolean {
  const mask = MASK[sz];
  switch (kind) {
    case K_ADD:
      return below(cc[CC_RES], cc[CC_RES_HI], cc[CC_DST], cc[CC_DST_HI], sz, mask);
    case K_ADC:
      return cc[CC_AUX]
        ? !below(cc[CC_DST], cc[CC_DST_HI], cc[CC_RES], cc[CC_RES_HI], sz, mask)
        : below(cc[CC_RES], cc[CC_RES_HI], cc[CC_DST], cc[CC_DST_HI], sz, mask);
    case K_SUB:
      return below(cc[CC_DST], cc[CC_DST_HI], cc[CC_SRC], cc[CC_SRC_HI], sz, mask);
    case K_SBB:
      return cc[CC_AUX]
        ? !below(cc[CC_SRC], cc[CC_SRC_HI], cc[CC_DST], cc[CC_DST_HI], sz, mask)
        : below(cc[CC_DST], cc[CC_DST_HI], cc[CC_SRC], cc[CC_SRC_HI], sz, mask);
    case K_INC:
    case K_DEC:
      return cc[CC_AUX] !== 0;
    default:
      return false;
  }
}

/** The word holding the sign bit of each operand: the high slot for 64-bit operations. */
function computeOF(cc: Int32Array, kind: number, sz: number): boolean {
  const hiSlot = sz === SZ64 ? 1 : 0;
  const d = cc[CC_DST + hiSlot];
  const s = cc[CC_SRC + hiSlot];
  const r = cc[CC_RES + hiSlot];
  const sign = SIGN[sz];
  switch (kind) {
    case K_ADD:
    case K_ADC:
    case K_INC:
      return ((d ^ r) & (s ^ r) & sign) !== 0;
    case K_SUB:
    case K_SBB:
    case K_DEC:
      return ((d ^ s) & (d ^ r) & sign) !== 0;
    default:
      return false;
  }
}

export function isZero(s: CpuState): boolean {
  const cc = s.cc;
  const op = cc[CC_OP];
  if (op === EAGER) return (s.flags & ZF) !== 0;
  const sz = op & 3;
  if (sz === SZ64) return (cc[CC_RES] | cc[CC_RES_HI]) === 0;
  return (cc[CC_RES] & MASK[sz]) === 0;
}

export function isSign(s: CpuState): boolean {
  const cc = s.cc;
  const op = cc[CC_OP];
  if (op === EAGER) return (s.flags & SF) !== 0;
  const sz = op & 3;
  return (cc[sz === SZ64 ? CC_RES_HI : CC_RES] & SIGN[sz]) !== 0;
}

export function isCarry(s: CpuState): boolean {
  const op = s.cc[CC_OP];
  if (op === EAGER) return (s.flags & CF) !== 0;
  return computeCF(s.cc, op >> 2, op & 3);
}

export function isOverflow(s: CpuState): boolean {
  const op = s.cc[CC_OP];
  if (op === EAGER) return (s.flags & OF) !== 0;
  return computeOF(s.cc, op >> 2, op & 3);
}

export function isParity(s: CpuState): boolean {
  const op = s.cc[CC_OP];
  if (op === EAGER) return (s.flags & PF) !== 0;
  return PARITY[s.cc[CC_RES] & 0xff] !== 0;
}

/** The six arithmetic flags as RFLAGS bits. */
export function arithFlags(s: CpuState): number {
  const cc = s.cc;
  const op = cc[CC_OP];
  if (op === EAGER) return s.flags & ARITH;
  const kind = op >> 2;
  const sz = op & 3;
  let f = PARITY[cc[CC_RES] & 0xff];
  if (isZero(s)) f |= ZF;
  if (isSign(s)) f |= SF;
  if (computeCF(cc, kind, sz)) f |= CF;
  if (computeOF(cc, kind, sz)) f |= OF;
  if (kind !== K_LOGIC && ((cc[CC_DST] ^ cc[CC_SRC] ^ cc[CC_RES]) & 0x10) !== 0) f |= AF;
  return f;
}

/** Full RFLAGS, materializing the lazy bits. */
export function readFlags(s: CpuState): number {
  return (s.flags & ~ARITH) | arithFlags(s);
}

/** Replaces the arithmetic flags (the other bits stay) and drops the lazy record. */
export function setArithFlags(s: CpuState, f: number): void {
  s.flags = (s.flags & ~ARITH) | (f & ARITH);
  s.cc[CC_OP] = EAGER;
}

/** Freezes the lazy flags into s.flags so single bits can be edited in place. */
export function materializeFlags(s: CpuState): void {
  if (s.cc[CC_OP] !== EAGER) setArithFlags(s, arithFlags(s));
}

/** Mnemonic suffixes of condition codes 0-15 (jo, jno, jb ... jg; setcc and cmovcc alike). */
export const CONDITION_NAMES = 'o no b ae e ne be a s ns p np l ge le g'.split(' ');

/** Condition codes 0-15 (the low nibble of Jcc/SETcc/CMOVcc), as the SDM's table B-1 defines them. */
export function testCondition(s: CpuState, cond: number): boolean {
  let r: boolean;
  switch (cond >> 1) {
    case 0:
      r = isOverflow(s);
      break;
    case 1:
      r = isCarry(s);
      break;
    case 2:
      r = isZero(s);
      break;
    case 3:
      r = isCarry(s) || isZero(s);
      break;
    case 4:
      r = isSign(s);
      break;
    case 5:
      r = isParity(s);
      break;
    case 6:
      r = isSign(s) !== isOverflow(s);
      break;
    default:
      r = isZero(s) || isSign(s) !== isOverflow(s);
      break;
  }
  return (cond & 1) !== 0 ? !r : r;
}
