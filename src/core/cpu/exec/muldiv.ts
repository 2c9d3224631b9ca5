import type { Cpu } from '../cpu.ts';
import type { Insn } from '../decode/insn.ts';
import { DE } from '../fault.ts';
import { AF, CF, OF } from '../flags.ts';
import { arithFlags, isCarry, isOverflow, setArithFlags } from '../lazy-flags.ts';
import { getReg, readE, readE64, setReg, signExtend } from './operands.ts';
import { raise } from './raise.ts';
import { INV_TWO32 } from '../../pair.ts';

/**
 * mul, imul, div and idiv. Products and quotients wider than 53 bits cannot go through a double,
 * and BigInt would allocate, so the 64- and 128-bit arithmetic works on 16- and 32-bit pieces
 * whose partial products stay exact in doubles. The wide helpers leave their results in `wide`.
 */

/** RDX's low dword in c.gpr (RAX's is 0). */
const RDX_LO = 4;
/** 2^-16: digit carries by multiplication, exact for powers of two. */
const INV_TWO16 = 1 / 65536;

/** Results: a 128-bit product as four dwords (lowest first), or quotient (0, 1) and remainder
 * (2, 3). Scratch owned by this module, so nothing is allocated per instruction. */
export const wide = new Int32Array(4);

/** Dividend and divisor as 16-bit digits, for the long division (Knuth's algorithm D). */
const U = new Int32Array(9);
const V = new Int32Array(4);
const Q = new Int32Array(8);

/** The high dword of the unsigned product of two dwords, as a number in [0, 2^32). */
export function mulHiU32(a: number, b: number): number {
  const a0 = a & 0xffff;
  const a1 = a >>> 16;
  const b0 = b & 0xffff;
  const b1 = b >>> 16;
  const mid = a1 * b0 + a0 * b1 + ((a0 * b0) >>> 16);
  return a1 * b1 + Math.floor(mid * INV_TWO16);
}

/** The high dword of the signed product of two int32s, as an int32. */
export function mulHiS32(a: number, b: number): number {
  return (mulHiU32(a, b) - (a < 0 ? b >>> 0 : 0) - (b < 0 ? a >>> 0 : 0)) | 0;
}

/** The full 128-bit product of two 64-bit pairs into wide[0..3], signed or unsigned. */
export function mul64(aLo: number, aHi: number, bLo: number, bHi: number, signed: boolean): void {
  const h00 = mulHiU32(aLo, bLo);
  const s1 = h00 + (Math.imul(aLo, bHi) >>> 0) + (Math.imul(aHi, bLo) >>> 0);
  const s2 =
    mulHiU32(aLo, bHi) +
    mulHiU32(aHi, bLo) +
    (Math.imul(aHi, bHi) >>> 0) +
    Math.floor(s1 * INV_TWO32);
  let w2 = s2 | 0;
  let w3 = (mulHiU32(aHi, bHi) + Math.floor(s2 * INV_TWO32)) | 0;
  if (signed) {
    // Two's complement: each negative factor added 2^64 times the other to the high half.
    if (aHi < 0) {
      const borrow = w2 >>> 0 < bLo >>> 0 ? 1 : 0;
      w2 = (w2 - bLo) | 0;
      w3 = (w3 - bHi - borrow) | 0;
    }
    if (bHi < 0) {
      const borrow = w2 >>> 0 < aLo >>> 0 ? 1 : 0;
      w2 = (w2 - aLo) | 0;
      w3 = (w3 - aHi - borrow) | 0;
    }
  }
  wide[0] = Math.imul(aLo, bLo);
  wide[1] = s1 | 0;
  wide[2] = w2;
  wide[3] = w3;
}

/**
 * Unsigned 64-by-32 division: quotient in wide[0], remainder in wide[2]. Returns false (and
 * writes nothing) when the divisor is 0 or the quotient does not fit in 32 bits. Two steps of
 * 16-bit digits keep every intermediate below 2^48, where double division is exact.
 */
export function divU64(nLo: number, nHi: number, d: number): boolean {
  const dd = d >>> 0;
  if (dd === 0 || nHi >>> 0 >= dd) return false;
  let x = (nHi >>> 0) * 65536 + (nLo >>> 16);
  const q1 = Math.floor(x / dd);
  x = (x - q1 * dd) * 65536 + (nLo & 0xffff);
  const q0 = Math.floor(x / dd);
  wide[0] = (q1 << 16) | q0;
  wide[2] = x - q0 * dd;
  return true;
}

/** Signed 64-by-32 division, truncating; false on a zero divisor or a quotient out of range. */
export function divS64(nLo: number, nHi: number, d: number): boolean {
  const negN = nHi < 0;
  const negD = d < 0;
  const aLo = negN ? -nLo | 0 : nLo;
  const aHi = negN ? (~nHi + (nLo === 0 ? 1 : 0)) | 0 : nHi;
  if (!divU64(aLo, aHi, negD ? -d | 0 : d)) return false;
  const q = wide[0] >>> 0;
  if (negN !== negD ? q > 0x80000000 : q >= 0x80000000) return false;
  if (negN !== negD) wide[0] = -q | 0;
  if (negN) wide[2] = -wide[2] | 0;
  return true;
}

/**
 * Unsigned 128-by-64 division of (n0, n1, n2, n3) by (dLo, dHi): quotient in wide[0..1],
 * remainder in wide[2..3]. False when the divisor is 0 or the quotient needs more than 64 bits,
 * which is exactly when the dividend's high half is not below the divisor.
 */
export function divU128(
  n0: number,
  n1: number,
  n2: number,
  n3: number,
  dLo: number,
  dHi: number,
): boolean {
  if ((dLo | dHi) === 0) return false;
  if (n3 >>> 0 > dHi >>> 0 || (n3 === dHi && n2 >>> 0 >= dLo >>> 0)) return false;
  const u = U;
  u[0] = n0 & 0xffff;
  u[1] = n0 >>> 16;
  u[2] = n1 & 0xffff;
  u[3] = n1 >>> 16;
  u[4] = n2 & 0xffff;
  u[5] = n2 >>> 16;
  u[6] = n3 & 0xffff;
  u[7] = n3 >>> 16;
  u[8] = 0;
  if (dHi === 0) {
    // A one-dword divisor: short division, the running remainder below 2^32, digits of 16 bits.
    const d = dLo >>> 0;
    let r = n2 >>> 0;
    for (let j = 3; j >= 0; j--) {
      const x = r * 65536 + u[j];
      Q[j] = Math.floor(x / d);
      r = x - Q[j] * d;
    }
    wide[0] = Q[0] | (Q[1] << 16);
    wide[1] = Q[2] | (Q[3] << 16);
    wide[2] = r;
    wide[3] = 0;
    return true;
  }
  longDivide(dLo, dHi);
  return true;
}

/**
 * Knuth's algorithm D on 16-bit digits, for divisors of three or four digits (dHi !== 0), with
 * the dividend already in U. Normalising the divisor's top digit to bit 15 makes each estimated
 * quotient digit at most two too large; the estimate and the multiply-subtract stay below 2^53.
 */
function longDivide(dLo: number, dHi: number): void {
  const u = U;
  const v = V;
  v[0] = dLo & 0xffff;
  v[1] = dLo >>> 16;
  v[2] = dHi & 0xffff;
  v[3] = dHi >>> 16;
  const n = v[3] !== 0 ? 4 : 3;
  const s = Math.clz32(v[n - 1]) - 16;
  for (let k = n - 1; k > 0; k--) v[k] = ((v[k] << s) | (v[k - 1] >>> (16 - s))) & 0xffff;
  v[0] = (v[0] << s) & 0xffff;
  for (let k = 8; k > 0; k--) u[k] = ((u[k] << s) | (u[k - 1] >>> (16 - s))) & 0xffff;
  u[0] = (u[0] << s) & 0xffff;

  const vTop = v[n - 1];
  const vNext = v[n - 2];
  for (let j = 8 - n; j >= 0; j--) {
    const top = u[j + n] * 65536 + u[j + n - 1];
    let qhat = Math.floor(top / vTop);
    let rhat = top - qhat * vTop;
    while (qhat >= 65536 || qhat * vNext > rhat * 65536 + u[j + n - 2]) {
      qhat--;
      rhat += vTop;
      if (rhat >= 65536) break;
    }
    // u[j .. j+n] -= qhat * v
    let carry = 0;
    let borrow = 0;
    for (let k = 0; k < n; k++) {
      const p = qhat * v[k] + carry;
      carry = Math.floor(p * INV_TWO16);
      const t = u[k + j] - (p - carry * 65536) - borrow;
      u[k + j] = t & 0xffff;
      borrow = t < 0 ? 1 : 0;
    }
    const t = u[j + n] - carry - borrow;
    u[j + n] = t & 0xffff;
    if (t < 0) {
      // The estimate was still one too large: add the divisor back.
      qhat--;
      let cy = 0;
      for (let k = 0; k < n; k++) {
        const sum = u[k + j] + v[k] + cy;
        u[k + j] = sum & 0xffff;
        cy = sum >>> 16;
      }
      u[j + n] = (u[j + n] + cy) & 0xffff;
    }
    Q[j] = qhat;
  }
  wide[0] = Q[0] | (Q[1] << 16);
  wide[1] = Q[2] | (Q[3] << 16);
  // The remainder sits in the low n digits, still shifted left by s.
  wide[2] = ((u[0] >>> s) | (u[1] << (16 - s))) & 0xffff;
  wide[2] |= (((u[1] >>> s) | (u[2] << (16 - s))) & 0xffff) << 16;
  wide[3] = ((u[2] >>> s) | (u[3] << (16 - s))) & 0xffff;
  wide[3] |= (((u[3] >>> s) | (u[4] << (16 - s))) & 0xffff) << 16;
}

/** Signed 128-by-64 division, truncating toward zero; false when it would raise #DE. */
export function divS128(
  n0: number,
  n1: number,
  n2: number,
  n3: number,
  dLo: number,
  dHi: number,
): boolean {
  const negN = n3 < 0;
  const negD = dHi < 0;
  let a0 = n0;
  let a1 = n1;
  let a2 = n2;
  let a3 = n3;
  if (negN) {
    // ~n + 1, the carry rippling up while the lower dwords come out zero.
    a0 = -n0 | 0;
    a1 = (~n1 + (a0 === 0 ? 1 : 0)) | 0;
    a2 = (~n2 + ((a0 | a1) === 0 ? 1 : 0)) | 0;
    a3 = (~n3 + ((a0 | a1 | a2) === 0 ? 1 : 0)) | 0;
  }
  const bLo = negD ? -dLo | 0 : dLo;
  const bHi = negD ? (~dHi + (dLo === 0 ? 1 : 0)) | 0 : dHi;
  if (!divU128(a0, a1, a2, a3, bLo, bHi)) return false;
  const qHi = wide[1] >>> 0;
  if (negN !== negD) {
    if (qHi > 0x80000000 || (qHi === 0x80000000 && wide[0] !== 0)) return false;
    const lo = wide[0];
    wide[0] = -lo | 0;
    wide[1] = (~wide[1] + (lo === 0 ? 1 : 0)) | 0;
  } else if (qHi >= 0x80000000) return false;
  if (negN) {
    const lo = wide[2];
    wide[2] = -lo | 0;
    wide[3] = (~wide[3] + (lo === 0 ? 1 : 0)) | 0;
  }
  return true;
}

/** Replaces CF and OF (both mean "the product did not fit"); SF ZF AF PF stay, as on Zen 3. */
function setMulFlags(c: Cpu, overflow: boolean): void {
  setArithFlags(c, (arithFlags(c) & ~(CF | OF)) | (overflow ? CF | OF : 0));
}

/** F6/F7 /4 mul, /5 imul: rDX:rAX (AX for bytes) = rAX * r/m. */
export function mulAcc(c: Cpu, i: Insn): void {
  const size = i.osize;
  const signed = i.op === 5;
  const g = c.gpr;
  if (size === 8) {
    const bLo = readE64(c, i);
    mul64(g[0], g[1], bLo, c.tmp[0], signed);
    g[0] = wide[0];
    g[1] = wide[1];
    g[RDX_LO] = wide[2];
    g[RDX_LO + 1] = wide[3];
    const ext = signed ? wide[1] >> 31 : 0;
    setMulFlags(c, wide[2] !== ext || wide[3] !== ext);
    return;
  }
  const b = readE(c, i, size);
  if (size === 4) {
    const a = g[0];
    const hi = signed ? mulHiS32(a, b) : mulHiU32(a, b) | 0;
    const lo = Math.imul(a, b);
    g[0] = lo;
    g[1] = 0;
    g[RDX_LO] = hi;
    g[RDX_LO + 1] = 0;
    setMulFlags(c, hi !== (signed ? lo >> 31 : 0));
    return;
  }
  // 8 and 16 bits: the product is exact in a double.
  const a = getReg(g, 0, size);
  const p = signed ? signExtend(a, size) * signExtend(b, size) : a * b;
  setReg(g, 0, 2, p);
  if (size === 1) setMulFlags(c, signed ? p !== signExtend(p & 0xff, 1) : p > 0xff);
  else {
    setReg(g, 2, 2, p >> 16);
    setMulFlags(c, signed ? p !== signExtend(p & 0xffff, 2) : p > 0xffff);
  }
}

/** imul's two- and three-operand forms: reg = a * b, truncated. CF = OF = it did not fit. */
function imulInto(c: Cpu, i: Insn, aLo: number, aHi: number, bLo: number, bHi: number): void {
  const g = c.gpr;
  const k = i.reg << 1;
  const size = i.osize;
  if (size === 8) {
    if (aHi === aLo >> 31 && bHi === bLo >> 31) {
      // Two sign-extended dwords, the common case: the product fits and cannot overflow.
      g[k + 1] = mulHiS32(aLo, bLo);
      g[k] = Math.imul(aLo, bLo);
      setMulFlags(c, false);
      return;
    }
    mul64(aLo, aHi, bLo, bHi, true);
    g[k] = wide[0];
    g[k + 1] = wide[1];
    const ext = wide[1] >> 31;
    setMulFlags(c, wide[2] !== ext || wide[3] !== ext);
  } else if (size === 4) {
    const r = Math.imul(aLo, bLo);
    g[k] = r;
    g[k + 1] = 0;
    // The double product is exact while it fits in 32 bits and rounds outside the range otherwise.
    setMulFlags(c, aLo * bLo !== r);
  } else {
    const p = signExtend(aLo, 2) * signExtend(bLo, 2);
    setReg(g, i.reg, 2, p);
    setMulFlags(c, p !== signExtend(p & 0xffff, 2));
  }
}

/** 0F AF: imul reg, r/m. */
export function imulGE(c: Cpu, i: Insn): void {
  const g = c.gpr;
  const k = i.reg << 1;
  if (i.osize === 8) {
    const lo = readE64(c, i);
    imulInto(c, i, g[k], g[k + 1], lo, c.tmp[0]);
  } else imulInto(c, i, getReg(g, i.reg, i.osize), 0, readE(c, i, i.osize), 0);
}

/** 69/6B: imul reg, r/m, imm (the immediate sign-extended to the operand size). */
export function imulGEI(c: Cpu, i: Insn): void {
  if (i.osize === 8) {
    const lo = readE64(c, i);
    imulInto(c, i, lo, c.tmp[0], i.imm, i.immHi);
  } else imulInto(c, i, readE(c, i, i.osize), 0, i.imm, 0);
}

function divideError(c: Cpu): never {
  raise(c, DE, 0, 'divide error');
}

/**
 * F6/F7 /6 div, /7 idiv: rDX:rAX (AX for bytes) / r/m, quotient to rAX (AL), remainder to rDX
 * (AH). A zero divisor or a quotient that does not fit raises #DE with nothing changed. Zen 3
 * keeps CF and OF and sets SF ZF PF to 0 and AF to 1.
 */
export function divAcc(c: Cpu, i: Insn): void {
  const size = i.osize;
  const signed = i.op === 7;
  const g = c.gpr;
  if (size === 8) {
    const dLo = readE64(c, i);
    const dHi = c.tmp[0];
    const ok = signed
      ? divS128(g[0], g[1], g[RDX_LO], g[RDX_LO + 1], dLo, dHi)
      : divU128(g[0], g[1], g[RDX_LO], g[RDX_LO + 1], dLo, dHi);
    if (!ok) divideError(c);
    g[0] = wide[0];
    g[1] = wide[1];
    g[RDX_LO] = wide[2];
    g[RDX_LO + 1] = wide[3];
  } else if (size === 4) {
    const d = readE(c, i, 4);
    if (!(signed ? divS64(g[0], g[RDX_LO], d) : divU64(g[0], g[RDX_LO], d))) divideError(c);
    g[0] = wide[0];
    g[1] = 0;
    g[RDX_LO] = wide[2];
    g[RDX_LO + 1] = 0;
  } else {
    // 8 and 16 bits: the dividend (AX, or DX:AX) is exact in a double.
    const raw = readE(c, i, size);
    const d = signed ? signExtend(raw, size) : raw;
    if (d === 0) divideError(c);
    let n: number;
    if (size === 1) n = signed ? signExtend(g[0] & 0xffff, 2) : g[0] & 0xffff;
    else {
      const dxax = ((g[RDX_LO] & 0xffff) << 16) | (g[0] & 0xffff);
      n = signed ? dxax : dxax >>> 0;
    }
    const q = signed ? Math.trunc(n / d) : Math.floor(n / d);
    const limit = size === 1 ? 0x80 : 0x8000;
    if (signed ? q < -limit || q >= limit : q >= 2 * limit) divideError(c);
    const r = n - q * d;
    if (size === 1) setReg(g, 0, 2, ((r & 0xff) << 8) | (q & 0xff));
    else {
      setReg(g, 0, 2, q);
      setReg(g, 2, 2, r);
    }
  }
  setArithFlags(c, (isCarry(c) ? CF : 0) | (isOverflow(c) ? OF : 0) | AF);
}
