import { describe, expect, it } from 'vitest';
import { runBytes } from '../run-bytes.ts';

const RCX = 1;

function run(mode: 64 | 32, code: number[], rcx = 0n, compile = false) {
  const gpr = new Array<bigint>(16).fill(0n);
  gpr[RCX] = rcx;
  const r = runBytes({ mode, code: Uint8Array.from(code), state: { gpr, rflags: 0n }, compile });
  expect(r.exception).toBeNull();
  return { eax: r.state.gpr[0], rcx: r.state.gpr[RCX] };
}

const MOV_ECX_10 = [0xb9, 0x0a, 0x00, 0x00, 0x00];
const INC_EAX = [0xff, 0xc0];
const CMP_EAX_3 = [0x83, 0xf8, 0x03];

describe('loop', () => {
  it('runs its body RCX times, interpreted or compiled', () => {
    const code = [...MOV_ECX_10, ...INC_EAX, 0xe2, 0xfc];
    expect(run(64, code)).toEqual({ eax: 10n, rcx: 0n });
    expect(run(64, code, 0n, true)).toEqual({ eax: 10n, rcx: 0n });
  });

  it('loopne leaves when ZF is set, loope when it is clear', () => {
    const body = [...INC_EAX, ...CMP_EAX_3];
    expect(run(64, [...MOV_ECX_10, ...body, 0xe0, 0xf9])).toEqual({ eax: 3n, rcx: 7n });
    expect(run(64, [...MOV_ECX_10, ...body, 0xe1, 0xf9])).toEqual({ eax: 1n, rcx: 9n });
  });

  it('counts in ECX with a 67 prefix, clearing the high half', () => {
    expect(run(64, [0x67, 0xe2, 0x00], 0x1_0000_0002n).rcx).toBe(1n);
    expect(run(64, [0x67, 0xe2, 0x00], 0x1_0000_0001n).rcx).toBe(0n);
  });

  it('counts in CX with a 67 prefix in 32-bit mode', () => {
    const skipped = [0x67, 0xe2, 0x02, ...INC_EAX];
    expect(run(32, skipped, 0x1_0000n)).toEqual({ eax: 0n, rcx: 0x1_ffffn });
    expect(run(32, skipped, 0x2_0001n)).toEqual({ eax: 1n, rcx: 0x2_0000n });
  });
});

describe('jrcxz', () => {
  const skipInc = (prefix: number[]) => [...prefix, 0xe3, 0x02, ...INC_EAX];

  it('branches when the counter at the address size is zero', () => {
    expect(run(64, skipInc([]), 0x1_0000_0000n)).toEqual({ eax: 1n, rcx: 0x1_0000_0000n });
    expect(run(64, skipInc([0x67]), 0x1_0000_0000n)).toEqual({ eax: 0n, rcx: 0x1_0000_0000n });
    expect(run(32, skipInc([0x67]), 0x7_0000n)).toEqual({ eax: 0n, rcx: 0x7_0000n });
  });
});
