import { describe, expect, it } from 'vitest';
import { RAM_TOP, runCode, setXmm, xmm } from '../../../../tests/sse/bare.ts';
import type { Cpu } from '../cpu.ts';
import { GP, NM, PF_VEC, UD } from '../fault.ts';
import { CR0_EM, CR0_TS, CR4_OSFXSR } from './sse-operands.ts';

const DATA = 0x200000;
const RBX_LO = 6;
const RAX_LO = 0;

describe('SSE moves, arithmetic and masks on known vectors', () => {
  it('finds the terminating zero byte as compilers inline strlen: pcmpeqb then pmovmskb', () => {
    // pxor xmm0, xmm0; pcmpeqb xmm0, xmm1; pmovmskb eax, xmm0
    const { cpu, fault } = runCode(
      [0x66, 0x0f, 0xef, 0xc0, 0x66, 0x0f, 0x74, 0xc1, 0x66, 0x0f, 0xd7, 0xc0],
      (c) => {
        setXmm(c, 0, [1, 2, 3, 4]);
        setXmm(c, 1, [0x64636261, 0x01006665, 0x11111111, 0x00222222]);
        c.gpr[1] = 0x1234;
      },
    );
    expect(fault).toBeNull();
    expect(xmm(cpu, 0)).toEqual([0, 0x00ff0000, 0, 0xff000000]);
    expect(cpu.gpr[RAX_LO]).toBe(0x8040);
    expect(cpu.gpr[1]).toBe(0);
  });

  it('adds quadwords with the carry crossing the dword boundary (paddq)', () => {
    const { cpu } = runCode([0x66, 0x0f, 0xd4, 0xc1], (c) => {
      setXmm(c, 0, [0xffffffff, 0x7fffffff, 0xffffffff, 0xffffffff]);
      setXmm(c, 1, [1, 0, 1, 0]);
    });
    expect(xmm(cpu, 0)).toEqual([0, 0x80000000, 0, 0]);
  });

  it('saturates words to unsigned bytes (packuswb)', () => {
    const { cpu } = runCode([0x66, 0x0f, 0x67, 0xc1], (c) => {
      setXmm(c, 0, [0x00ff0100, 0x8000007f, 0x7fff0001, 0xffff0080]);
      setXmm(c, 1, [0x00010002, 0, 0, 0x01000000]);
    });
    expect(xmm(cpu, 0)).toEqual([0x007fffff, 0x0080ff01, 0x00000102, 0xff000000]);
  });

  it('shifts the whole register right by bytes (psrldq xmm1, 3)', () => {
    const { cpu } = runCode([0x66, 0x0f, 0x73, 0xd9, 0x03], (c) =>
      setXmm(c, 1, [0x03020100, 0x07060504, 0x0b0a0908, 0x0f0e0d0c]),
    );
    expect(xmm(cpu, 1)).toEqual([0x06050403, 0x0a090807, 0x0e0d0c0b, 0x0f]);
  });

  it('merges movss between registers but zeroes the rest on a load', () => {
    // movss xmm0, xmm1; movss xmm2, [rbx]
    const { cpu } = runCode([0xf3, 0x0f, 0x10, 0xc1, 0xf3, 0x0f, 0x10, 0x13], (c) => {
      setXmm(c, 0, [1, 2, 3, 4]);
      setXmm(c, 1, [5, 6, 7, 8]);
      setXmm(c, 2, [9, 9, 9, 9]);
      c.gpr[RBX_LO] = DATA;
      c.mem.view.setUint32(DATA, 0xabcd, true);
    });
    expect(xmm(cpu, 0)).toEqual([5, 2, 3, 4]);
    expect(xmm(cpu, 2)).toEqual([0xabcd, 0, 0, 0]);
  });
});

describe('SSE faults', () => {
  const paddb = [0x66, 0x0f, 0xfc, 0xc1];

  it('raises #UD with CR0.EM set or CR4.OSFXSR clear, and #NM with CR0.TS set', () => {
    expect(runCode(paddb, (c) => (c.cr0 |= CR0_EM)).fault?.vector).toBe(UD);
    expect(runCode(paddb, (c) => (c.cr4 &= ~CR4_OSFXSR)).fault?.vector).toBe(UD);
    expect(runCode(paddb, (c) => (c.cr0 |= CR0_TS)).fault?.vector).toBe(NM);
    // Invalid opcode outranks device-not-available.
    expect(runCode(paddb, (c) => (c.cr0 |= CR0_EM | CR0_TS)).fault?.vector).toBe(UD);
  });

  it('runs movnti (a general-register store) whatever CR0.TS says', () => {
    // movnti [rbx], eax
    const { cpu, fault } = runCode([0x0f, 0xc3, 0x03], (c) => {
      c.cr0 |= CR0_TS;
      c.gpr[RBX_LO] = DATA;
      c.gpr[RAX_LO] = 0x5a5a;
    });
    expect(fault).toBeNull();
    expect(cpu.mem.view.getUint32(DATA, true)).toBe(0x5a5a);
  });

  it('leaves the MMX forms (no prefix) undefined', () => {
    expect(runCode([0x0f, 0xfc, 0xc1]).fault?.vector).toBe(UD); // paddb mm0, mm1
    expect(runCode([0x0f, 0x6f, 0xc1]).fault?.vector).toBe(UD); // movq mm0, mm1
    expect(runCode([0x0f, 0x71, 0xd0, 0x01]).fault?.vector).toBe(UD); // psrlw mm0, 1
  });

  it('raises #UD for a lock prefix', () => {
    expect(runCode([0xf0, 0x66, 0x0f, 0xef, 0x03]).fault?.vector).toBe(UD);
  });

  it('raises #GP(0) for a misaligned movaps operand before loading anything; movups loads', () => {
    const setup = (c: Cpu) => {
      c.gpr[RBX_LO] = DATA + 8;
      setXmm(c, 0, [1, 2, 3, 4]);
    };
    const aligned = runCode([0x0f, 0x28, 0x03], setup);
    expect(aligned.fault).toEqual({ vector: GP, errorCode: 0 });
    expect(xmm(aligned.cpu, 0)).toEqual([1, 2, 3, 4]);
    expect(runCode([0x0f, 0x10, 0x03], setup).fault).toBeNull();
  });

  it('stores nothing when a 16-byte store crosses into an unmapped page', () => {
    // movups [rbx], xmm0 with the second half past the end of RAM.
    const { cpu, fault } = runCode([0x0f, 0x11, 0x03], (c) => {
      c.gpr[RBX_LO] = RAM_TOP - 8;
      setXmm(c, 0, [-1, -1, -1, -1]);
    });
    expect(fault?.vector).toBe(PF_VEC);
    expect(Array.from(cpu.mem.ram.subarray(RAM_TOP - 8))).toEqual(new Array(8).fill(0));
  });

  it('leaves the register alone when a 16-byte load crosses into an unmapped page', () => {
    const { cpu, fault } = runCode([0xf3, 0x0f, 0x6f, 0x03], (c) => {
      c.gpr[RBX_LO] = RAM_TOP - 8;
      setXmm(c, 0, [1, 2, 3, 4]);
    });
    expect(fault?.vector).toBe(PF_VEC);
    expect(xmm(cpu, 0)).toEqual([1, 2, 3, 4]);
  });
});
