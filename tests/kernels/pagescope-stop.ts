// pagescope stopped where QEMU's gdb stub stops: the same image booted by pagescope's own
// loader, run to the first time RIP equals the address (the CPU's instruction breakpoints,
// which stop before the instruction runs, as a gdb breakpoint does), and the monitor's views
// printed by src/analysis.
import { infoMem } from '../../src/analysis/info-mem.ts';
import { infoRegisters } from '../../src/analysis/info-registers.ts';
import { infoTlb } from '../../src/analysis/info-tlb.ts';
import { Breakpoints } from '../../src/core/cpu/breakpoints.ts';
import { bootMachine } from '../../src/engine/boot-machine.ts';
import type { MonitorViews } from './qemu-stop.ts';

const SLICE = 10_000_000;

export function pagescopeViewsAt(
  image: Uint8Array,
  imageName: string,
  address: bigint,
  budget = 500_000_000,
): MonitorViews {
  const booted = bootMachine(image, { imageName });
  if (!booted.ok) throw new Error(`${imageName}: ${booted.error.code}: ${booted.error.message}`);
  const { machine, pc } = booted;
  const cpu = machine.cpu;
  const breaks = new Breakpoints();
  breaks.set([address]);
  cpu.breakpoints = breaks;
  for (;;) {
    const r = machine.run(SLICE);
    pc.poll();
    if (r.reason === 'stopped') break;
    if (r.reason !== 'budget' || cpu.now() > budget)
      throw new Error(
        `${imageName} ended (${r.reason}) before RIP reached 0x${address.toString(16)}`,
      );
  }
  return {
    'info registers': infoRegisters(cpu, { halted: cpu.halted }),
    'info mem': infoMem(cpu, cpu.mem),
    'info tlb': infoTlb(cpu, cpu.mem),
  };
}
