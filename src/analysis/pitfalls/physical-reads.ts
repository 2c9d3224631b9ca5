import type { PhysicalMemory } from '../../core/memory/physical-memory.ts';

/**
 * The RAM bytes an answer was read from, with their values then: while every one of them
 * still holds its value, the answer holds too. Cheaper than asking again, and exact, where
 * watching stores would not be (a store into a table no walk has read is not seen).
 */
export class PhysicalReads {
  private readonly bytes = new Map<number, number>();

  constructor(private readonly mem: PhysicalMemory) {}

  /** Notes `size` bytes at physical `p` (bytes outside RAM are left out: they read all ones). */
  note(p: number, size: number): void {
    for (let a = p; a < p + size; a++) {
      if (this.bytes.has(a)) continue;
      const at = this.mem.offsetOf(a);
      if (at >= 0) this.bytes.set(a, this.mem.ram[at]);
    }
  }

  /** Whether every byte noted still holds the value it had. */
  unchanged(): boolean {
    const { mem } = this;
    for (const [a, v] of this.bytes) if (mem.ram[mem.offsetOf(a)] !== v) return false;
    return true;
  }
}
