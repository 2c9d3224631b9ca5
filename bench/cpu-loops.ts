import { createBareCpu } from '../src/core/cpu/bare-cpu.ts';
import type { LoopWorkload } from './loops.ts';

const CODE = 0x100000;
const DATA = 0x200000;

/** Runs a loop workload for `iterations` under 4-level paging; returns seconds and instructions. */
export function runLoop(w: LoopWorkload, iterations: number) {
  const cpu = createBareCpu(64, 16 << 20, {
    exception(_c, f) {
      throw new Error(
        `bench workload raised vector ${f.vector}: ${f.detail} cr2=${(f.cr2Lo >>> 0).toString(16)} rip=${(_c.rip[0] >>> 0).toString(16)}`,
      );
    },
  });
  cpu.ram.set(w.code, CODE);
  cpu.rip[0] = CODE;
  cpu.gpr[1 * 2] = iterations; // RCX (iterations stay below 2^31)
  cpu.gpr[5 * 2] = DATA; // RBP
  // Process CPU time, not wall time: on a shared machine other work would be counted too.
  const t0 = process.cpuUsage();
  let n = 0;
  while (!cpu.halted) n += cpu.run(50_000_000);
  const used = process.cpuUsage(t0);
  const seconds = (used.user + used.system) / 1e6;
  const expected = iterations * w.perIteration + 1;
  if (n !== expected) throw new Error(`${w.name}: ran ${n} instructions, expected ${expected}`);
  return { seconds, instructions: n };
}

/**
 * Guest MIPS from two runs: instruction difference over time difference, so start-up,
 * decoding and JIT warm-up cancel out.
 */
export function loopMips(w: LoopWorkload, small: number, large: number) {
  const a = runLoop(w, small);
  const b = runLoop(w, large);
  const mips = (b.instructions - a.instructions) / (b.seconds - a.seconds) / 1e6;
  return { name: w.name, mips, small: a, large: b };
}
