import { PhysicalMemory } from '../../core/memory/physical-memory.ts';
import { CpuState } from '../../core/cpu/state.ts';
import { ACC_READ } from '../../core/mmu/paging-bits.ts';
import { walk, WalkResult } from '../../core/mmu/walker.ts';
import type { WalkStep } from '../../core/mmu/walker.ts';
import { applyBoot, planBoot } from '../index.ts';
import type { BootOptions, BootPlan } from '../index.ts';

/** Plans and applies a boot that must succeed, for tests that then inspect RAM and registers. */
export function boot(
  image: Uint8Array,
  options: BootOptions = {},
): { plan: BootPlan; mem: PhysicalMemory; cpu: CpuState; ram: Guest } {
  const r = planBoot(image, { ramSize: 32 << 20, ...options });
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
  const mem = new PhysicalMemory(r.plan.ramSize);
  const cpu = new CpuState();
  const applied = applyBoot(r.plan, mem, cpu);
  if (!applied.ok) throw new Error(applied.error.message);
  return { plan: r.plan, mem, cpu, ram: new Guest(mem, cpu) };
}

/** Reads guest memory physically, or virtually through the CPU's page tables (no A/D bits set). */
export class Guest {
  constructor(
    readonly mem: PhysicalMemory,
    readonly cpu: CpuState,
  ) {}

  u8(a: number): number {
    return this.mem.ram[a];
  }

  u16(a: number): number {
    return this.mem.view.getUint16(a, true);
  }

  u32(a: number): number {
    return this.mem.view.getUint32(a, true);
  }

  u64(a: number): bigint {
    return this.mem.view.getBigUint64(a, true);
  }

  cstring(a: number): string {
    let s = '';
    for (let i = a; this.mem.ram[i] !== 0; i++) s += String.fromCharCode(this.mem.ram[i]);
    return s;
  }

  bytes(a: number, n: number): Uint8Array {
    return this.mem.ram.slice(a, a + n);
  }

  /** The walk for a virtual address under the current CR3, or undefined when it faults. */
  translate(va: bigint, trace?: WalkStep[]): WalkResult | undefined {
    const out = new WalkResult();
    const lo = Number(va & 0xffffffffn) | 0;
    const hi = Number((va >> 32n) & 0xffffffffn) | 0;
    const cr3 = this.cpu.cr3[0] >>> 0;
    return walk(this.cpu, this.mem, cr3, lo, hi, ACC_READ, 0, false, out, trace) ? out : undefined;
  }

  /** The physical address a virtual address maps to (throws when unmapped). */
  phys(va: bigint): number {
    const r = this.translate(va);
    if (!r) throw new Error(`0x${va.toString(16)} is not mapped`);
    return r.physPage + Number(va & 0xfffn);
  }

  /** Reads through the page tables: a 64-bit word at a virtual address. */
  v64(va: bigint): bigint {
    return this.u64(this.phys(va));
  }

  vstring(va: bigint): string {
    return this.cstring(this.phys(va));
  }
}

/** A Multiboot 2 information structure's tags: the address of the (last) tag of each type. */
export function infoTags(ram: Guest, info: number): Map<number, number> {
  const tags = new Map<number, number>();
  const total = ram.u32(info);
  for (let at = info + 8; at < info + total; at = at + ((ram.u32(at + 4) + 7) & ~7)) {
    tags.set(ram.u32(at), at);
    if (ram.u32(at) === 0) break;
  }
  return tags;
}
