import { describe, expect, it } from 'vitest';
import { createBareCpu } from './bare-cpu.ts';
import { Breakpoints } from './breakpoints.ts';
import { GuestExceptionSink } from './interrupts/deliver.ts';
import { RCX } from './registers.ts';

const CODE = 0x100000;
const NOP = 0x90;
const HLT = 0xf4;
/** mov ecx, 5; L: dec ecx; jnz L; hlt */
const LOOP = [0xb9, 5, 0, 0, 0, 0xff, 0xc9, 0x75, 0xfc, HLT];
const L = CODE + 5;

function cpuWith(code: number[], at: number[]) {
  const cpu = createBareCpu(64, 16 << 20, new GuestExceptionSink());
  cpu.mem.ram.set(code, CODE);
  cpu.rip[0] = CODE;
  cpu.hotBlockRuns = 1; // compiled at once: a compiled loop must not pass a breakpoint either
  const breaks = new Breakpoints();
  breaks.set(at.map(BigInt));
  cpu.breakpoints = breaks;
  return { cpu, breaks };
}

/** Clears the stop, as Machine.run does, and lets the instruction at RIP run. */
function resume(cpu: ReturnType<typeof cpuWith>['cpu'], breaks: Breakpoints) {
  cpu.stopRequested = false;
  breaks.resumeAt = cpu.now();
}

describe('instruction breakpoints', () => {
  it('stops_before_an_instruction_in_the_middle_of_a_block', () => {
    const { cpu } = cpuWith([NOP, NOP, NOP, HLT], [CODE + 2]);
    expect(cpu.run(100)).toBe(2);
    expect(cpu.rip[0]).toBe(CODE + 2);
    expect(cpu.stopRequested).toBe(true);
  });

  it('resumed_it_runs_the_instruction_and_goes_on', () => {
    const { cpu, breaks } = cpuWith([NOP, NOP, NOP, HLT], [CODE + 2]);
    cpu.run(100);
    resume(cpu, breaks);
    expect(cpu.run(100)).toBe(2);
    expect(cpu.halted).toBe(true);
  });

  it('stops_at_each_pass_of_a_compiled_loop', () => {
    const { cpu, breaks } = cpuWith(LOOP, [L]);
    expect(cpu.run(100)).toBe(1); // mov ecx, 5
    for (let pass = 5; pass > 1; pass--) {
      expect(cpu.rip[0]).toBe(L);
      expect(cpu.gpr[RCX << 1]).toBe(pass);
      resume(cpu, breaks);
      expect(cpu.run(100)).toBe(2); // dec, jnz back to L
    }
    resume(cpu, breaks);
    cpu.run(100);
    expect(cpu.halted).toBe(true);
    expect(cpu.gpr[RCX << 1]).toBe(0);
  });

  it('runs_the_same_without_breakpoints_at_other_addresses', () => {
    const plain = cpuWith(LOOP, []);
    plain.cpu.breakpoints = null;
    const watched = cpuWith(LOOP, [CODE + 0x800]);
    const n = [plain.cpu.run(100), watched.cpu.run(100)];
    expect(n[1]).toBe(n[0]);
    expect(watched.cpu.halted).toBe(true);
    expect(watched.cpu.stopRequested).toBe(false);
  });
});
