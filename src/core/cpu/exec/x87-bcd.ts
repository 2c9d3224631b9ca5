import type { Cpu } from '../cpu.ts';
import type { Insn } from '../decode/insn.ts';
import { addLinear, probeWrite, read16, read32, write16, write32 } from '../../mmu/access.ts';
import { INT, loadInteger, storeExact, toInteger } from '../fpu/integer.ts';
import { FLAG_IE } from '../fpu/round.ts';
import { A, B, NEG, R, V, TAG, ZERO, cls, setDefaultNan } from '../fpu/value.ts';
import { ea } from './operands.ts';
import {
  beginX87,
  c1AfterRounding,
  isEmpty,
  pop,
  readSt,
  report,
  rotateDown,
  roundControl,
  stackFault,
  writeIndefinite,
  writeSt,
} from './x87-stack.ts';

/**
 * fbld and fbstp: 80-bit packed BCD, eighteen decimal digits two to a byte (the lower digit
 * in the low nibble) in bytes 0-8, the sign in bit 7 of byte 9. Values reach 10^18 - 1, so
 * they are carried as two int32 halves, never as one double.
 */

const BCD = new Uint8Array(10);
/** A 64-bit magnitude as four 16-bit limbs, lowest first, for division by 10. */
const LIMBS = new Int32Array(4);

/** The value of nine digits from byte `from` (4.5 bytes: `from` up, low nibble first). */
function nineDigits(firstDigit: number): number {
  let v = 0;
  for (let d = firstDigit + 8; d >= firstDigit; d--) {
    const byte = BCD[d >> 1];
    v = v * 10 + ((d & 1) !== 0 ? byte >> 4 : byte & 15);
  }
  return v;
}

/** DF /4 fbld m80bcd: pushes the integer, exactly (nibbles above 9 count as their value). */
export function fbld(c: Cpu, i: Insn): void {
  beginX87(c);
  const lo = ea(c, i);
  const hi = c.tmp[1];
  for (let k = 0; k < 8; k += 4) {
    const v = read32(c, addLinear(c, lo, hi, k), c.tmp[1]);
    for (let b = 0; b < 4; b++) BCD[k + b] = v >>> (8 * b);
  }
  const top = read16(c, addLinear(c, lo, hi, 8), c.tmp[1]);
  BCD[8] = top;
  BCD[9] = top >>> 8;
  // value = high * 10^9 + low; high * 10^9 = high * 1953125 * 2^9, each step exact.
  const high = nineDigits(9) * 1953125;
  const low = nineDigits(0);
  const hHi = Math.floor(high / 0x1_0000_0000);
  const hLo = high - hHi * 0x1_0000_0000;
  const sumLo = (hLo % 0x800000) * 512 + low;
  const vLo = sumLo % 0x1_0000_0000;
  const vHi = hHi * 512 + Math.floor(hLo / 0x800000) + Math.floor(sumLo / 0x1_0000_0000);
  if (loadInteger(B, vLo | 0, vHi | 0)) storeExact(B);
  if ((BCD[9] & 0x80) !== 0) V[B + TAG] |= NEG;
  if (!isEmpty(c, 7)) {
    if (stackFault(c, true)) {
      rotateDown(c);
      writeIndefinite(c, 0, R);
    }
    return;
  }
  rotateDown(c);
  writeSt(c, 0, B);
  report(c, 0, false);
}

/** The magnitude INT[1]:INT[0] (below 10^18) as eighteen BCD digits into BCD[0..8]. */
function toDigits(): void {
  LIMBS[0] = INT[0] & 0xffff;
  LIMBS[1] = INT[0] >>> 16;
  LIMBS[2] = INT[1] & 0xffff;
  LIMBS[3] = INT[1] >>> 16;
  for (let d = 0; d < 18; d++) {
    let rem = 0;
    for (let k = 3; k >= 0; k--) {
      const cur = rem * 0x10000 + LIMBS[k];
      LIMBS[k] = Math.floor(cur / 10);
      rem = cur % 10;
    }
    if ((d & 1) === 0) BCD[d >> 1] = rem;
    else BCD[d >> 1] |= rem << 4;
  }
}

/** DF /6 fbstp m80bcd: ST0 rounded to an integer by the rounding control; beyond 18 digits,
 * a NaN or an infinity is invalid (masked: the BCD indefinite, FFFF C000 0000 0000 0000). */
export function fbstp(c: Cpu, i: Insn): void {
  beginX87(c);
  const lo = ea(c, i);
  const hi = c.tmp[1];
  probeWrite(c, lo, hi, 10);
  const empty = isEmpty(c, 0);
  if (empty) setDefaultNan(A);
  else readSt(c, 0, A);
  let flags = empty ? FLAG_IE | 0x40 : toInteger(A, 64, roundControl(c));
  const negative = (V[A + TAG] & NEG) !== 0;
  if (flags !== FLAG_IE && !empty) {
    // The magnitude must stay below 10^18 = 0x0DE0B6B3_A7640000.
    let mLo = INT[0];
    let mHi = INT[1];
    if (mHi < 0) {
      mLo = -mLo | 0;
      mHi = (~mHi + (mLo === 0 ? 1 : 0)) | 0;
    }
    INT[0] = mLo;
    INT[1] = mHi;
    if (mHi >>> 0 > 0x0de0b6b3 || (mHi === 0x0de0b6b3 && mLo >>> 0 >= 0xa7640000)) flags = FLAG_IE;
  }
  const c1 = c1AfterRounding(flags);
  if ((flags & FLAG_IE) !== 0) {
    if ((c.fcw & FLAG_IE) === 0) {
      report(c, flags, false);
      return;
    }
    BCD.fill(0);
    BCD[7] = 0xc0;
    BCD[8] = 0xff;
    BCD[9] = 0xff;
  } else {
    BCD.fill(0);
    if (cls(A) !== ZERO) toDigits();
    BCD[9] = negative ? 0x80 : 0;
  }
  for (let k = 0; k < 8; k += 4)
    write32(
      c,
      addLinear(c, lo, hi, k),
      c.tmp[1],
      BCD[k] | (BCD[k + 1] << 8) | (BCD[k + 2] << 16) | (BCD[k + 3] << 24),
    );
  write16(c, addLinear(c, lo, hi, 8), c.tmp[1], BCD[8] | (BCD[9] << 8));
  pop(c);
  report(c, flags, c1);
}
