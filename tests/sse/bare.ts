// A one-shot bare CPU for the SSE/x87 unit tests beside src/core/cpu/exec: runs a few bytes
// after a setup callback and reports the fault, if any, with the CPU left for inspection.
import { createBareCpu } from '../../src/core/cpu/bare-cpu.ts';
import type { Cpu } from '../../src/core/cpu/cpu.ts';
import { CODE_BASE } from './case.ts';

/** 4 MiB of identity-mapped RAM: in 64-bit mode everything from RAM_TOP up is unmapped. */
export const RAM_TOP = 4 << 20;
const HLT = 0xf4;

export interface Ran {
  cpu: Cpu;
  fault: { vector: number; errorCode: number | null } | null;
}

export function runCode(
  code: number[],
  setup: (c: Cpu) => void = () => {},
  mode: 64 | 32 = 64,
): Ran {
  const ran: Ran = {
    cpu: createBareCpu(mode, RAM_TOP, {
      exception(c, f) {
        ran.fault = { vector: f.vector, errorCode: f.hasErrorCode ? f.errorCode : null };
        c.stopRequested = true;
      },
    }),
    fault: null,
  };
  const cpu = ran.cpu;
  cpu.mem.ram.set(code, CODE_BASE);
  cpu.mem.ram[CODE_BASE + code.length] = HLT;
  cpu.rip[0] = CODE_BASE;
  setup(cpu);
  while (!cpu.halted && !cpu.stopRequested) cpu.run(1000);
  return ran;
}

/** XMM register n as four unsigned dwords, lowest first. */
export function xmm(c: Cpu, n: number): number[] {
  return Array.from(c.xmm.subarray(4 * n, 4 * n + 4), (v) => v >>> 0);
}

export function setXmm(c: Cpu, n: number, dwords: number[]): void {
  c.xmm.set(dwords, 4 * n);
}
