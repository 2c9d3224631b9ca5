import { describe, expect, it } from 'vitest';
import { divS128, divS64, divU128, divU64, mul64, mulHiS32, mulHiU32, wide } from './muldiv.ts';

/**
 * The wide multiply and divide helpers against BigInt, on random values shaped to reach the
 * corners: long runs of ones and zeros, dividends just under the overflow bound, and divisors
 * whose top digit sits at every normalisation shift (what drives Knuth's correction steps).
 */

const M32 = (1n << 32n) - 1n;
const M64 = (1n << 64n) - 1n;

/** xorshift-style stream on BigInt: the test may allocate, the code under test may not. */
let state = 0x243f6a8885a308d3n;
function rand64(): bigint {
  state ^= (state << 13n) & M64;
  state ^= state >> 7n;
  state ^= (state << 17n) & M64;
  return state;
}

/** A 64-bit value of a random shape: full, short, all ones in a range, or a single bit. */
function shaped(): bigint {
  const r = rand64();
  switch (Number(r & 7n)) {
    case 0:
      return rand64() >> BigInt(Number((r >> 3n) & 63n));
    case 1:
      return M64 >> BigInt(Number((r >> 3n) & 63n));
    case 2:
      return 1n << BigInt(Number((r >> 3n) & 63n));
    case 3:
      return (M64 << BigInt(Number((r >> 3n) & 63n))) & M64;
    case 4:
      return rand64() | 0xffff0000ffff0000n;
    default:
      return rand64();
  }
}

const lo = (v: bigint) => Number(BigInt.asIntN(32, v));
const hi = (v: bigint) => Number(BigInt.asIntN(32, v >> 32n));
const u64 = (l: number, h: number) => (BigInt(h >>> 0) << 32n) | BigInt(l >>> 0);

describe('32-bit multiply helpers', () => {
  it('give the high dword of the unsigned and signed products', () => {
    for (let n = 0; n < 20000; n++) {
      const a = shaped() & M32;
      const b = shaped() & M32;
      expect(mulHiU32(lo(a), lo(b))).toBe(Number((a * b) >> 32n));
      const sa = BigInt.asIntN(32, a);
      const sb = BigInt.asIntN(32, b);
      expect(mulHiS32(lo(a), lo(b))).toBe(Number(BigInt.asIntN(32, (sa * sb) >> 32n)));
    }
  });
});

describe('mul64', () => {
  it('gives the full 128-bit product, unsigned and signed', () => {
    for (let n = 0; n < 20000; n++) {
      const a = shaped();
      const b = shaped();
      for (const signed of [false, true]) {
        mul64(lo(a), hi(a), lo(b), hi(b), signed);
        const x = signed ? BigInt.asIntN(64, a) : a;
        const y = signed ? BigInt.asIntN(64, b) : b;
        const p = BigInt.asUintN(128, x * y);
        expect(u64(wide[0], wide[1])).toBe(p & M64);
        expect(u64(wide[2], wide[3])).toBe(p >> 64n);
      }
    }
  });
});

describe('divU64 and divS64', () => {
  it('divide 64 by 32 bits or report the cases that raise #DE', () => {
    for (let n = 0; n < 20000; n++) {
      const d = shaped() & M32;
      // Half the dividends are built under the bound, so most divisions succeed.
      const dividend = n & 1 ? shaped() : ((shaped() & M32) * d + (rand64() & M32)) & M64;
      const ok = divU64(lo(dividend), hi(dividend), lo(d));
      const fits = d !== 0n && dividend / d <= M32;
      expect(ok).toBe(fits);
      if (fits) {
        expect(wide[0] >>> 0).toBe(Number(dividend / d));
        expect(wide[2] >>> 0).toBe(Number(dividend % d));
      }
      const sn = BigInt.asIntN(64, dividend);
      const sd = BigInt.asIntN(32, d);
      const sOk = divS64(lo(dividend), hi(dividend), lo(d));
      const q = sd === 0n ? 0n : sn / sd;
      const sFits = sd !== 0n && q >= -(1n << 31n) && q < 1n << 31n;
      expect(sOk).toBe(sFits);
      if (sFits) {
        expect(wide[0]).toBe(Number(q));
        expect(wide[2]).toBe(Number(sn % sd));
      }
    }
  });

  it('raise #DE for the most negative dividend divided by -1', () => {
    expect(divS64(0, 0x80000000 | 0, -1)).toBe(false);
    expect(divS64(0x80000000 | 0, -1, -1)).toBe(false);
  });
});

describe('divU128 and divS128', () => {
  function check(nHigh: bigint, nLow: bigint, d: bigint): void {
    const n = (nHigh << 64n) | nLow;
    const ok = divU128(lo(nLow), hi(nLow), lo(nHigh), hi(nHigh), lo(d), hi(d));
    const fits = d !== 0n && n / d <= M64;
    expect(ok, `${n} / ${d}`).toBe(fits);
    if (fits) {
      expect(u64(wide[0], wide[1]), `${n} / ${d}`).toBe(n / d);
      expect(u64(wide[2], wide[3]), `${n} % ${d}`).toBe(n % d);
    }
    const sn = BigInt.asIntN(128, n);
    const sd = BigInt.asIntN(64, d);
    const sOk = divS128(lo(nLow), hi(nLow), lo(nHigh), hi(nHigh), lo(d), hi(d));
    const q = sd === 0n ? 0n : sn / sd;
    const sFits = sd !== 0n && q >= -(1n << 63n) && q < 1n << 63n;
    expect(sOk, `${sn} / ${sd}`).toBe(sFits);
    if (sFits) {
      expect(u64(wide[0], wide[1]), `${sn} / ${sd}`).toBe(BigInt.asUintN(64, q));
      expect(u64(wide[2], wide[3]), `${sn} % ${sd}`).toBe(BigInt.asUintN(64, sn % sd));
    }
  }

  it('divide 128 by 64 bits like BigInt on random shapes', () => {
    for (let n = 0; n < 60000; n++) {
      const d = shaped();
      if (n % 3 === 0) {
        // Under the bound: quotient * d + remainder, the signed ones too.
        const q = shaped();
        const p = q * d + (d === 0n ? 0n : rand64() % d);
        check((p >> 64n) & M64, p & M64, d);
      } else check(shaped(), shaped(), d);
    }
  });

  it('divide at the edges of the quotient range', () => {
    const ds = [1n, 2n, 3n, M32, M32 + 1n, 1n << 63n, M64, M64 - 1n, 0x8000000000000001n];
    for (const d of ds) {
      for (const q of [0n, 1n, M64, M64 - 1n, 1n << 63n, (1n << 63n) - 1n]) {
        const p = q * d;
        for (const r of [0n, d - 1n]) {
          const n = p + r;
          if (n >> 128n === 0n) check(n >> 64n, n & M64, d);
        }
      }
      check(d, 0n, d);
      check(d - 1n, M64, d);
      check(0n, 0n, d);
    }
    check(0n, 5n, 0n);
  });

  it('take the add-back step when the estimated quotient digit is one too large', () => {
    // Each of these reaches algorithm D's rare add-back (about one quotient digit in 2^16),
    // the last three after one to three corrections of the two-digit estimate.
    check(0x7fffn, 0x8000000000000000n, 0x8000000000000001n);
    check(0x7fff800000000000n, 0n, 0x8000000000000001n);
    check(0xb636a7f3b52f6339n, 0xe3e4ab015284d3bfn, 0xd4c30076d452f0d8n);
    check(0x800000000000n, 0n, 0x800000000001n);
    check(0x75ca7989740b79f9n, 0x79c2b7a26996314an, 0xaf91bce6822202fcn);
    check(0xa8cce63e648cbb73n, 0x4d9664f0918f1ec5n, 0xfe969eb6e6c959c0n);
  });
});
