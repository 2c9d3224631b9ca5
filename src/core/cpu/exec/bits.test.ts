import { describe, expect, it } from 'vitest';
import { DATA_BASE, runBytes } from '../run-bytes.ts';

/** The bit instructions in 32-bit protected mode, which the host harness (64-bit) cannot run. */

const EAX = 0;
const EBX = 3;

function run32(code: number[], eax: bigint, ebx = 0n, data = new Uint8Array(0x200)) {
  const gpr = new Array<bigint>(16).fill(0n);
  gpr[EAX] = eax;
  gpr[EBX] = ebx;
  const r = runBytes({ mode: 32, code: Uint8Array.from(code), state: { gpr, rflags: 0n }, data });
  expect(r.exception).toBeNull();
  return r;
}

describe('bts with a register offset on memory in 32-bit mode', () => {
  it('takes a negative offset as bits before the operand', () => {
    // bts [ebx], eax with eax = -1: bit 31 of the dword below, bit 7 of the byte below.
    const r = run32([0x0f, 0xab, 0x03], 0xffffffffn, BigInt(DATA_BASE + 0x100));
    expect(r.data[0xff]).toBe(0x80);
    expect(r.state.rflags & 1n).toBe(0n);
  });

  it('reaches whole words away with a 16-bit offset, sign-extended', () => {
    // bts word [ebx], ax with ax = 0x8000: -32768 bits = 4096 bytes below.
    const r = run32([0x66, 0x0f, 0xab, 0x03], 0x8000n, BigInt(DATA_BASE + 0x1100));
    expect(r.data[0x100]).toBe(0x01);
  });
});

describe('bsf and tzcnt with a 66 prefix in 32-bit mode', () => {
  it('work on 16 bits', () => {
    // bsf ax, bx / tzcnt ax, bx with bx = 0x10000: the low word is zero.
    const bsf = run32([0x66, 0x0f, 0xbc, 0xc3], 0x12345678n, 0x10000n);
    expect(bsf.state.gpr[EAX]).toBe(0x12345678n);
    expect(bsf.state.rflags & 0x40n).toBe(0x40n);
    const tzcnt = run32([0x66, 0xf3, 0x0f, 0xbc, 0xc3], 0x12345678n, 0x10000n);
    expect(tzcnt.state.gpr[EAX]).toBe(0x12340010n);
  });
});
