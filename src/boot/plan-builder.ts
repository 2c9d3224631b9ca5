import type { KernelInput } from './kernel-input.ts';
import type { MemoryMap } from './memory-map.ts';
import type { LoadChunk } from './multiboot-load.ts';
import type { BootPlan, BootProtocol, CpuSetup, NamedRegion, RamWrite } from './plan.ts';

/** Collects the RAM writes and labelled regions a protocol builder produces, then the plan. */
export class PlanBuilder {
  private readonly writes: RamWrite[] = [];
  private readonly zeros: { address: number; length: number }[] = [];
  private readonly regions: NamedRegion[] = [];
  readonly warnings: string[] = [];

  write(address: number, bytes: Uint8Array): void {
    if (bytes.length > 0) this.writes.push({ address, bytes });
  }

  zero(address: number, length: number): void {
    if (length > 0) this.zeros.push({ address, length });
  }

  region(r: NamedRegion): void {
    this.regions.push(r);
  }

  /** File bytes at the chunk's address, zeros for the rest (a BSS can dwarf the file). */
  loadChunk(c: LoadChunk): void {
    this.write(c.phys, c.data);
    this.zero(c.phys + c.data.length, c.memsz - c.data.length);
    this.region({
      name: `kernel ${c.name}`,
      kind: 'kernel-segment',
      phys: { base: c.phys, length: c.memsz },
      virt: c.vaddr !== undefined ? { base: c.vaddr, length: BigInt(c.memsz) } : undefined,
    });
  }

  finish(
    input: KernelInput,
    protocol: BootProtocol,
    cpu: CpuSetup,
    map: MemoryMap,
    msrs: BootPlan['msrs'] = [],
    slide = 0n,
  ): BootPlan {
    return {
      protocol,
      detection: input.detection,
      ramSize: input.options.ramSize,
      writes: this.writes,
      zeros: this.zeros,
      cpu,
      msrs,
      a20: true,
      memoryMap: map.entries(),
      regions: this.regions,
      // A relocated kernel's symbols and sections move with it, so the UI labels the addresses
      // it runs at.
      symbols: (input.elf?.symbols ?? []).map((s) =>
        slide === 0n ? s : { ...s, value: s.value + slide },
      ),
      sections: (input.elf?.sections ?? []).map((s) =>
        slide === 0n ? s : { ...s, addr: s.addr + slide },
      ),
      warnings: [...(input.elf?.warnings ?? []), ...this.warnings],
    };
  }
}
