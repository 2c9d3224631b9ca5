import { describe, expect, it } from 'vitest';
import { runCode, setXmm, xmm } from '../../../../tests/sse/bare.ts';
import { UD, XM } from '../fault.ts';
import { CR4_OSXMMEXCPT } from './sse-float-lane.ts';

// What the host comparison (tests/sse/sse-float-native.test.ts) cannot reach: CR4.OSXMMEXCPT
// clear, and rcpps/rsqrtps, whose approximation differs from one processor to the next.

const DIVSS_XMM0_XMM1 = [0xf3, 0x0f, 0x5e, 0xc1];
const ONE = 0x3f800000;
/** MXCSR with ZE unmasked. */
const ZE_UNMASKED = 0x1f80 & ~(1 << 9);

const bitsOf = (f: number) => new Int32Array(new Float32Array([f]).buffer)[0]! >>> 0;
const floatOf = (bits: number) => new Float32Array(new Int32Array([bits]).buffer)[0]!;

describe('SSE floating-point exceptions', () => {
  it('raises #XM for divss 1/0 with ZE unmasked, leaving the destination and setting ZE', () => {
    const { cpu, fault } = runCode(DIVSS_XMM0_XMM1, (c) => {
      c.mxcsr = ZE_UNMASKED;
      setXmm(c, 0, [ONE, 2, 3, 4]);
    });
    expect(fault).toEqual({ vector: XM, errorCode: null });
    expect(xmm(cpu, 0)).toEqual([ONE, 2, 3, 4]);
    expect(cpu.mxcsr).toBe(ZE_UNMASKED | 4);
  });

  it('raises #UD instead when CR4.OSXMMEXCPT is clear', () => {
    const { fault } = runCode(DIVSS_XMM0_XMM1, (c) => {
      c.mxcsr = ZE_UNMASKED;
      c.cr4 &= ~CR4_OSXMMEXCPT;
      setXmm(c, 0, [ONE, 0, 0, 0]);
    });
    expect(fault).toEqual({ vector: UD, errorCode: null });
  });

  it('writes infinity and sets ZE when it is masked', () => {
    const { cpu, fault } = runCode(DIVSS_XMM0_XMM1, (c) => setXmm(c, 0, [ONE, 0, 0, 0]));
    expect(fault).toBeNull();
    expect(xmm(cpu, 0)[0]).toBe(0x7f800000);
    expect(cpu.mxcsr).toBe(0x1f80 | 4);
  });
});

describe('rcpps and rsqrtps', () => {
  const inputs = [1, 3, 0.1, -7.5, 1e-30, 1e30, 2 ** -126, 123456.789, -0.0004];
  const run = (opcode: number, values: number[]) =>
    runCode([0x0f, opcode, 0xc1], (c) => setXmm(c, 1, values.map(bitsOf))).cpu;

  it('approximates 1/x within the 1.5 * 2^-12 relative error the SDM allows', () => {
    for (let k = 0; k < inputs.length; k += 4) {
      const values = inputs.slice(k, k + 4);
      const got = xmm(run(0x53, values), 0);
      values.forEach((x, n) => {
        const exact = 1 / x;
        if (Math.abs(exact) < 2 ** -126) expect(floatOf(got[n]!)).toBe(0);
        else expect(Math.abs(floatOf(got[n]!) / exact - 1)).toBeLessThanOrEqual(1.5 * 2 ** -12);
      });
    }
  });

  it('approximates 1/sqrt(x) within the bound, and gives the default NaN for x < 0', () => {
    const got = xmm(run(0x52, [2, 1e-20, 0.01, -4]), 0);
    [2, 1e-20, 0.01].forEach((x, n) =>
      expect(Math.abs(floatOf(got[n]!) * Math.sqrt(x) - 1)).toBeLessThanOrEqual(1.5 * 2 ** -12),
    );
    expect(got[3]).toBe(0xffc00000);
  });

  it('maps zeros and denormals to infinities of their sign, and sets no MXCSR flag', () => {
    const cpu = run(0x53, [0, -0, 1e-40, -1e-40]);
    expect(xmm(cpu, 0)).toEqual([0x7f800000, 0xff800000, 0x7f800000, 0xff800000]);
    expect(cpu.mxcsr).toBe(0x1f80);
  });
});
