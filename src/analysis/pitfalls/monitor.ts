import type { ElfSymbol } from '../../boot/elf-symbols.ts';
import type { NamedRegion } from '../../boot/plan.ts';
import type { Cpu } from '../../core/cpu/cpu.ts';
import {
  CR0_PG,
  CR4_LA57,
  CR4_PAE,
  CR4_PSE,
  EFER_LMA,
  EFER_NXE,
} from '../../core/mmu/paging-bits.ts';
import type { ControlWrite, WatchEvent } from '../../core/watch/events.ts';
import { PagingWatch } from '../../core/watch/paging-watch.ts';
import { addressRanges } from '../ranges.ts';
import { PitfallContext } from './context.ts';
import type { KernelRange } from './context.ts';
import type { Detector } from './detector.ts';
import { faultingEntry, scanEntries, writtenEntry } from './entry-sources.ts';
import type { Finding } from './finding.ts';
import { SymbolNames } from './symbols.ts';

/** Bits that change what the entries under a CR3 mean: a change rescans the tables. */
const CR0_MEANING = CR0_PG;
const CR4_MEANING = CR4_PAE | CR4_PSE | CR4_LA57;
const EFER_MEANING = EFER_NXE | EFER_LMA;

export interface MonitorOptions {
  /** The kernel's symbols (BootPlan.symbols), to name instructions. */
  symbols?: readonly ElfSymbol[];
  /** BootPlan.regions: the kernel's own virtual ranges count as kernel pages. */
  regions?: readonly NamedRegion[];
}

/**
 * Runs pitfall detectors over a machine as it runs: attaches a PagingWatch and hands every
 * event to the detectors while the machine is still at that instruction. The tables under a
 * CR3 the kernel loads are scanned once (again when a paging bit changes their meaning, and
 * at the end); tables a loader built and the kernel never loaded are not judged. finish()
 * ends the run's checks and returns every finding, in the order found.
 */
export class PitfallMonitor {
  readonly watch = new PagingWatch();
  readonly ctx: PitfallContext;
  /** Roots the kernel loaded into CR3 (paging-structure addresses). */
  private readonly kernelRoots = new Set<bigint>();
  private readonly scanned = new Set<bigint>();

  /** `machine`: a Machine, or anything holding a CPU (tests use a bare one). */
  constructor(
    machine: { cpu: Cpu },
    private readonly detectors: readonly Detector[],
    opts: MonitorOptions = {},
  ) {
    const kernel: KernelRange[] = [];
    for (const r of opts.regions ?? [])
      if (r.kind === 'kernel-segment' && r.virt)
        kernel.push({ start: r.virt.base, end: r.virt.base + r.virt.length });
    const names = new SymbolNames(opts.symbols ?? []);
    this.ctx = new PitfallContext(machine.cpu, machine.cpu.mem, names, kernel);
    this.watch.attach(machine.cpu);
    this.watch.listen((e) => this.onEvent(e));
  }

  get findings(): Finding[] {
    return this.ctx.findings;
  }

  /** Scans the live tables once more, runs the detectors' end checks, detaches the watch. */
  finish(): Finding[] {
    const c = this.ctx.cpu;
    if ((c.cr0 & CR0_PG) !== 0 && this.kernelRoots.has(rootOf(c.cr3[0], c.cr3[1])))
      this.scan(c.now(), null);
    for (const d of this.detectors) d.atEnd?.(this.ctx);
    this.watch.detach();
    return this.ctx.findings;
  }

  private onEvent(e: WatchEvent): void {
    const ctx = this.ctx;
    for (const d of this.detectors) d.onEvent?.(e, ctx);
    if (e.kind === 'control') this.afterControl(e);
    else if (e.kind === 'table-write') this.entry(writtenEntry(ctx.cpu, e));
    else if (e.kind === 'exception') this.entry(faultingEntry(ctx.cpu, ctx.mem, e));
  }

  private entry(facts: ReturnType<typeof writtenEntry>): void {
    if (facts === null) return;
    for (const d of this.detectors) d.onEntry?.(facts, this.ctx);
  }

  private afterControl(e: ControlWrite): void {
    const a = e.after;
    const root = rootOf(Number(a.cr3 & 0xffffffffn), Number(a.cr3 >> 32n));
    if (e.reg === 'cr3') this.kernelRoots.add(root);
    if ((a.cr0 & CR0_PG) === 0 || !this.kernelRoots.has(root)) return;
    const b = e.before;
    const meaning =
      ((a.cr0 ^ b.cr0) & CR0_MEANING) !== 0 ||
      ((a.cr4 ^ b.cr4) & CR4_MEANING) !== 0 ||
      ((a.efer ^ b.efer) & EFER_MEANING) !== 0;
    if (this.scanned.has(root) && !meaning) return;
    this.scanned.add(root);
    this.scan(e.at, e.rip);
  }

  /** Hands the entries and the ranges of the live tables to the detectors. */
  private scan(at: number, rip: bigint | null): void {
    const ctx = this.ctx;
    const c = ctx.cpu;
    for (const facts of scanEntries(c, ctx.mem, at, rip))
      for (const d of this.detectors) d.onEntry?.(facts, ctx);
    const space = {
      cr3: (BigInt(c.cr3[1] >>> 0) << 32n) | BigInt(c.cr3[0] >>> 0),
      runs: addressRanges(c, ctx.mem).runs,
      nxe: (c.efer & EFER_NXE) !== 0,
      at,
      rip,
    };
    for (const d of this.detectors) d.onSpace?.(space, ctx);
  }
}

/** The paging-structure root a CR3 value names (flags and PCID bits dropped). */
function rootOf(lo: number, hi: number): bigint {
  return (BigInt(hi & 0xfffff) << 32n) | BigInt((lo & ~0xfff) >>> 0);
}
