import { describe, expect, it } from 'vitest';
import { DATA_BASE, runBytes } from '../run-bytes.ts';
import { DE, UD } from '../fault.ts';

/** pusha/popa exist only outside 64-bit mode, where the host harness does not run. */

const ESP = 4;
const TOP = 0x100;

function run(mode: 64 | 32, code: number[], gpr: bigint[], data = new Uint8Array(0x200)) {
  return runBytes({ mode, code: Uint8Array.from(code), state: { gpr, rflags: 0n }, data });
}

/** EAX..EDI = 0x11111111 * (n + 1), ESP at TOP in the data window. */
function registers(): bigint[] {
  const gpr = Array.from({ length: 16 }, (_, n) => 0x11111111n * BigInt(n + 1));
  gpr[ESP] = BigInt(DATA_BASE + TOP);
  return gpr;
}

function dwords(data: Uint8Array, from: number, n: number): bigint[] {
  const v = new DataView(data.buffer, data.byteOffset);
  return Array.from({ length: n }, (_, k) => BigInt(v.getUint32(from + 4 * k, true)));
}

describe('pushad', () => {
  it('stores EDI (lowest) up to EAX, with ESP as it was, and moves ESP down by 32', () => {
    const gpr = registers();
    const r = run(32, [0x60], gpr);
    expect(r.exception).toBeNull();
    expect(r.state.gpr[ESP]).toBe(gpr[ESP] - 32n);
    const order = [7, 6, 5, 4, 3, 2, 1, 0];
    expect(dwords(r.data, TOP - 32, 8)).toEqual(order.map((n) => gpr[n]));
  });

  it('with a 66 prefix stores words', () => {
    const gpr = registers();
    const r = run(32, [0x66, 0x60], gpr);
    expect(r.state.gpr[ESP]).toBe(gpr[ESP] - 16n);
    const v = new DataView(r.data.buffer, r.data.byteOffset);
    const words = Array.from({ length: 8 }, (_, k) => v.getUint16(TOP - 16 + 2 * k, true));
    expect(words).toEqual([7, 6, 5, 4, 3, 2, 1, 0].map((n) => Number(gpr[n] & 0xffffn)));
  });
});

describe('popad', () => {
  it('reverses pushad and skips the saved ESP', () => {
    const data = new Uint8Array(0x200);
    const v = new DataView(data.buffer);
    for (let k = 0; k < 8; k++) v.setUint32(TOP + 4 * k, 0xa0000000 + k, true);
    const gpr = registers();
    const r = run(32, [0x61], gpr, data);
    expect(r.state.gpr.slice(0, 8)).toEqual([
      0xa0000007n,
      0xa0000006n,
      0xa0000005n,
      0xa0000004n,
      gpr[ESP] + 32n,
      0xa0000002n,
      0xa0000001n,
      0xa0000000n,
    ]);
  });

  it('with a 66 prefix loads the low words and keeps the high ones', () => {
    const data = new Uint8Array(0x200);
    const v = new DataView(data.buffer);
    for (let k = 0; k < 8; k++) v.setUint16(TOP + 2 * k, 0xa000 + k, true);
    const gpr = registers();
    const r = run(32, [0x66, 0x61], gpr, data);
    expect(r.state.gpr[0]).toBe((gpr[0] & ~0xffffn) | 0xa007n);
    expect(r.state.gpr[7]).toBe((gpr[7] & ~0xffffn) | 0xa000n);
    expect(r.state.gpr[ESP]).toBe(gpr[ESP] + 16n);
  });
});

describe('pusha and popa in 64-bit mode', () => {
  it('raise #UD', () => {
    expect(run(64, [0x60], registers()).exception?.vector).toBe(UD);
    expect(run(64, [0x61], registers()).exception?.vector).toBe(UD);
  });
});

describe('the BCD adjustments', () => {
  // [name, code, AX in, flags in, AX out, flags out (CF PF AF ZF SF OF)], measured on the host
  // (Zen 3) in compatibility mode, undefined flags included.
  const cases: [string, number[], number, number, number, number][] = [
    ['aaa overflowing AX', [0x37], 0x7ffa, 0x000, 0x8100, 0x895],
    ['aaa with AF set', [0x37], 0x0005, 0x891, 0x010b, 0x011],
    ['aas down to zero', [0x3f], 0x0106, 0x010, 0x0000, 0x055],
    ['daa wrapping', [0x27], 0x009a, 0x000, 0x0000, 0x055],
    ['daa overflowing', [0x27], 0x007a, 0x000, 0x0080, 0x890],
    ['das overflowing', [0x2f], 0x0080, 0x010, 0x007a, 0x810],
    ['aam 10', [0xd4, 0x0a], 0x004f, 0x000, 0x0709, 0x004],
    ['aad 10', [0xd5, 0x0a], 0x0909, 0x000, 0x0063, 0x014],
    ['aad 10 carrying', [0xd5, 0x0a], 0xffff, 0x000, 0x00f5, 0x095],
  ];
  for (const [name, code, ax, flags, axOut, flagsOut] of cases)
    it(`match the host: ${name}`, () => {
      const gpr = registers();
      gpr[0] = 0x12340000n | BigInt(ax);
      const r = runBytes({
        mode: 32,
        code: Uint8Array.from(code),
        state: { gpr, rflags: BigInt(flags) },
      });
      expect(r.exception).toBeNull();
      expect(r.state.gpr[0]).toBe(0x12340000n | BigInt(axOut));
      expect(Number(r.state.rflags & 0x8d5n)).toBe(flagsOut);
    });

  it('raise #DE for aam 0', () => {
    expect(run(32, [0xd4, 0x00], registers()).exception?.vector).toBe(DE);
  });

  it('are invalid in 64-bit mode', () => {
    for (const code of [[0x27], [0x2f], [0x37], [0x3f], [0xd4, 0x0a], [0xd5, 0x0a]])
      expect(run(64, code, registers()).exception?.vector).toBe(UD);
  });
});
