import { beforeAll, describe, expect, it } from 'vitest';
import { PhysicalMemory } from '../../core/memory/physical-memory.ts';
import { infoMem } from '../info-mem.ts';
import { infoTlb } from '../info-tlb.ts';
import type { PagingState } from '../paging-state.ts';
import { captureScenario, unCrlf } from './capture-cache.ts';
import { requireQemu } from './qemu-run.ts';
import { randomScenarios } from './random-scenario.ts';
import { allScenarios } from './scenarios.ts';

/**
 * The proof that `info mem` and `info tlb` match QEMU 7.2 byte for byte: each scenario's
 * kernel runs in the real qemu-system-x86_64 until it halts; the monitor's output is compared
 * with pagescope's formatters run on QEMU's own RAM dump and control registers.
 */
function pagingState(regs: string): PagingState {
  const field = (name: string) => {
    const m = new RegExp(`${name}=([0-9a-f]+)`).exec(regs);
    if (!m) throw new Error(`no ${name} in info registers`);
    return BigInt('0x' + m[1]);
  };
  const cr3 = field('CR3');
  return {
    cr0: Number(field('CR0')) | 0,
    cr4: Number(field('CR4')) | 0,
    efer: Number(field('EFER') & 0xffffffffn) | 0,
    cr3: Int32Array.of(Number(cr3 & 0xffffffffn) | 0, Number(cr3 >> 32n) | 0),
  };
}

describe('info mem and info tlb against QEMU 7.2', () => {
  beforeAll(requireQemu);
  for (const s of [...allScenarios(), ...randomScenarios()]) {
    it(`${s.name}: both commands print what QEMU prints`, { timeout: 60_000 }, async () => {
      const c = await captureScenario(s);
      const mem = new PhysicalMemory(c.ram.length, c.ram.buffer);
      const state = pagingState(c.infoRegisters);
      expect(infoMem(state, mem)).toBe(unCrlf(c.infoMem));
      expect(infoTlb(state, mem)).toBe(unCrlf(c.infoTlb));
    });
  }
});
