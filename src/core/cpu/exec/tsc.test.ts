import { describe, expect, it } from 'vitest';
import { bare, exec, runCode } from '../../../../tests/system/bare.ts';
import type { Cpu } from '../cpu.ts';
import { GP } from '../fault.ts';
import { CR4_TSD } from './control-regs.ts';

const RDTSC = [0x0f, 0x31];
const RDTSCP = [0x0f, 0x01, 0xf9];
const NOPS = (n: number) => new Array<number>(n).fill(0x90);
const tsc = (c: Cpu) => (BigInt(c.gpr[4] >>> 0) << 32n) | BigInt(c.gpr[0] >>> 0);

describe('rdtsc', () => {
  it('counts the instructions retired before it, one tick each', () => {
    const { cpu, fault } = runCode([...NOPS(5), ...RDTSC]);
    expect(fault).toBeNull();
    expect(tsc(cpu)).toBe(5n);
  });

  it('gives the same values however the run is sliced, compiled loops included', () => {
    // mov ecx, 10; L: rdtsc; dec ecx; jnz L: the last rdtsc runs after 1 + 9 * 3 instructions.
    const code = [0xb9, 10, 0, 0, 0, ...RDTSC, 0xff, 0xc9, 0x75, 0xfa];
    const sliced = runCode(code).cpu;
    const whole = bare(64).cpu;
    whole.hotBlockRuns = 1;
    whole.mem.ram.set([...code, 0xf4], 0x100000);
    whole.rip[0] = 0x100000;
    whole.run(1000);
    expect(tsc(sliced)).toBe(28n);
    expect(tsc(whole)).toBe(28n);
  });

  it('counts on from a value written to IA32_TSC, carrying into the high dword', () => {
    // wrmsr (TSC = 0x12_fffffffe at its own instruction); nop; rdtsc two instructions later
    const code = [0x0f, 0x30, 0x90, ...RDTSC];
    const { cpu } = runCode([...NOPS(7), ...code], (c) => {
      c.gpr[2] = 0x10;
      c.gpr[0] = 0xfffffffe | 0;
      c.gpr[4] = 0x12;
    });
    expect(tsc(cpu)).toBe(0x1300000000n);
  });

  it('raises #GP(0) at CPL 3 with CR4.TSD, and runs at CPL 0 with it', () => {
    const user = (c: Cpu) => {
      c.cr4 |= CR4_TSD;
      c.cpl = 3;
      c.updateAccessRights();
    };
    const { fault } = runCode(RDTSC, user, 32);
    expect(fault?.vector).toBe(GP);
    expect(fault?.errorCode).toBe(0);
    expect(runCode(RDTSC, (c) => (c.cr4 |= CR4_TSD), 32).fault).toBeNull();
    expect(runCode(RDTSCP, user, 32).fault?.vector).toBe(GP);
  });
});

describe('rdtscp', () => {
  it('returns the TSC and IA32_TSC_AUX in ECX', () => {
    // wrmsr TSC_AUX = 3; rdtscp
    const ran = exec(bare(64), [0x0f, 0x30, ...RDTSCP], (c) => {
      c.gpr[2] = 0xc0000103 | 0;
      c.gpr[0] = 3;
      c.gpr[1] = -1;
    });
    expect(ran.fault).toBeNull();
    expect(ran.cpu.gpr[2]).toBe(3);
    expect(ran.cpu.gpr[3]).toBe(0);
    expect(tsc(ran.cpu)).toBe(1n);
    expect(ran.cpu.gpr[1]).toBe(0);
  });
});
