import type { Cpu } from '../core/cpu/cpu.ts';
import { hex64, hexShort, pairBig } from './format.ts';
import type { Cr3Change } from './views.ts';

const MAX_ENTRIES = 256;

/**
 * The CR3 values the guest has loaded. The core keeps no log of CR3 writes (and the hot path
 * must not grow one), so the engine compares CR3 after each piece of a run (SessionEngine.run
 * cuts runs at fixed multiples of guest time) and after every step. A load is thus listed at
 * the end of the piece it happened in; a value loaded and replaced within one piece, or
 * reloaded unchanged, is not listed.
 */
export class Cr3History {
  readonly note: string;
  private readonly list: Cr3Change[] = [];
  private lastLo = 0;
  private lastHi = 0;

  constructor(cpu: Cpu, grain: number) {
    this.note =
      `Checked every ${grain} instructions and after each step: a load shows at the next multiple ` +
      `of ${grain}; one replaced sooner, or a reload of the same value, does not.`;
    this.record(cpu);
  }

  /** Call after each slice or step: notes CR3 when it differs from the last value seen. */
  observe(cpu: Cpu): void {
    if (cpu.cr3[0] !== this.lastLo || cpu.cr3[1] !== this.lastHi) this.record(cpu);
  }

  entries(): Cr3Change[] {
    return [...this.list];
  }

  private record(cpu: Cpu): void {
    this.lastLo = cpu.cr3[0];
    this.lastHi = cpu.cr3[1];
    this.list.push({
      value: hexShort(pairBig(cpu.cr3[0], cpu.cr3[1])),
      guestTime: cpu.now(),
      rip: hex64(pairBig(cpu.rip[0], cpu.rip[1])),
    });
    if (this.list.length > MAX_ENTRIES) {
      // Keep the boot value (the first) and the most recent ones.
      this.list.splice(1, 1);
    }
  }
}
