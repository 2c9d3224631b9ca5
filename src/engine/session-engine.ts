import type { BootError, BootPlan } from '../boot/index.ts';
import type { PcPeripherals } from '../core/devices/pc-peripherals.ts';
import type { Machine } from '../core/machine.ts';
import { readPhysical } from '../core/memory/ram-layout.ts';
import { infoMem, infoRegisters, infoTlb } from '../analysis/index.ts';
import { DETECTORS, PitfallMonitor } from '../analysis/pitfalls/index.ts';
import { bootMachine } from './boot-machine.ts';
import type { BootMachineOptions } from './boot-machine.ts';
import { Cr3History } from './cr3-history.ts';
import { cr3View, rootTable } from './cr3-view.ts';
import { descriptorsView } from './descriptors-view.ts';
import type { DescriptorsView } from './descriptors-view.ts';
import { findingView } from './findings-view.ts';
import { hex64, pairBig } from './format.ts';
import { NO_FILTER } from './range-filter.ts';
import type { RangeFilter } from './range-filter.ts';
import { rangesTable } from './ranges-view.ts';
import { SerialBuffer } from './serial-buffer.ts';
import { StopRules } from './stop-rules.ts';
import { internalError, stopInfo } from './stop-info.ts';
import { SymbolIndex } from './symbols.ts';
import { tableView } from './table-view.ts';
import { TableViewCache } from './table-view-cache.ts';
import type { TimeTravel } from './time-travel.ts';
import { translationView } from './translation-view.ts';
import { tableKey } from './views.ts';
import type {
  BootInfo,
  Breakpoint,
  EngineStatus,
  MachineConfig,
  MachineFile,
  PauseInfo,
  PanelViews,
  RangesView,
  StopCondition,
  StopInfo,
  TableRef,
  TableView,
  TranslationQuery,
  TranslationView,
} from './views.ts';

export type EngineOptions = BootMachineOptions;

export type CreateEngineResult =
  { ok: true; engine: SessionEngine } | { ok: false; error: BootError };

/** The modules and disks of a machine as BootInfo names them: names and sizes. */
function machineFilesInfo(m: MachineConfig): Pick<BootInfo, 'modules' | 'disk' | 'diskSlave'> {
  const info = (f: MachineFile | null | undefined) =>
    f ? { name: f.name, size: f.bytes.length } : null;
  return {
    modules: (m.modules ?? []).map((f) => ({ ...info(f)!, cmdline: f.cmdline })),
    disk: info(m.disk),
    diskSlave: info(m.diskSlave),
  };
}

/** Tables under the root the tree always shows open (a kernel rarely uses more PML4 slots). */
const TOP_TABLES = 16;

/** `info tlb` lines kept in a view: a kernel mapping all RAM in 4 KiB pages prints 32768. */
const MAX_TLB_LINES = 4000;

/**
 * Boots an image and returns the engine that runs it, or the boot error (from the catalog)
 * as data. The same engine runs in Node (CLI, tests) and in the browser worker.
 */
export function createEngine(image: Uint8Array, options: EngineOptions = {}): CreateEngineResult {
  const booted = bootMachine(image, options);
  if (!booted.ok) return booted;
  const engine = new SessionEngine(booted.machine, booted.pc, booted.plan, options, image.length);
  return { ok: true, engine };
}

/**
 * One booted machine and what the panels need of it: runs in slices, collects serial output,
 * remembers CR3 changes, runs the pitfall detectors on the live machine, and turns the
 * machine state into plain views (views.ts).
 */
export class SessionEngine {
  readonly serial = new SerialBuffer();
  /** The pitfall detectors, watching every instruction of the run (src/analysis/pitfalls). */
  readonly monitor: PitfallMonitor;
  private readonly cr3s: Cr3History;
  private readonly symbols: SymbolIndex;
  private readonly rules: StopRules;
  private retiredTotal = 0;
  private ended: StopInfo | null = null;
  private travel: TimeTravel | null = null;
  /** The tree's table views between refreshes (a table not changed is not read again). */
  private readonly tableViews = new TableViewCache();
  private pause: PauseInfo | null = null;
  private hit: PauseInfo | null = null;

  constructor(
    readonly machine: Machine,
    private readonly pc: PcPeripherals,
    readonly plan: BootPlan,
    private readonly options: EngineOptions,
    private readonly imageSize: number,
  ) {
    this.symbols = new SymbolIndex(plan.symbols);
    this.monitor = new PitfallMonitor(machine, DETECTORS, {
      symbols: plan.symbols,
      regions: plan.regions,
    });
    this.cr3s = new Cr3History(machine.cpu, this.monitor.watch);
    this.rules = new StopRules(machine, this.monitor.watch, plan.symbols, this.symbols);
    machine.onEvent((e) => {
      // Output of time re-run after time travel was shown when the run first got there.
      if (this.travel?.replaying) return;
      if (e.kind === 'serial' || e.kind === 'debugcon') this.serial.push(e.byte);
    });
  }

  /** What was booted, for the header and the gallery. */
  bootInfo(): BootInfo {
    const d = this.plan.detection;
    return {
      name: this.options.imageName ?? 'kernel.elf',
      size: this.imageSize,
      protocol: this.plan.protocol,
      format: d.format,
      reason: d.reason,
      ramSize: this.plan.ramSize,
      cmdline: this.options.cmdline ?? '',
      ...machineFilesInfo(this.machineConfig()),
      warnings: this.plan.warnings,
      entry: hex64(this.plan.cpu.rip),
    };
  }

  /** The machine this engine booted, its files included: what a reset boots again. */
  machineConfig(): MachineConfig {
    const o = this.options;
    const disk = (bytes: Uint8Array | undefined, name: string | undefined) =>
      bytes ? { name: name ?? 'disk.img', bytes } : null;
    return {
      ramSize: this.plan.ramSize,
      cmdline: o.cmdline ?? '',
      modules: (o.modules ?? []).map((m) => ({ ...m, cmdline: m.cmdline ?? '' })),
      disk: disk(o.disk, o.diskName),
      diskSlave: disk(o.diskSlave, o.diskSlaveName),
    };
  }

  get stop(): StopInfo | null {
    return this.ended;
  }

  /**
   * Runs `budget` instructions of guest time (fewer when the machine ends). Returns the stop
   * when the machine ended, now or before; a host exception ends it as an internal error.
   */
  run(budget: number): StopInfo | null {
    if (this.ended) return this.ended;
    const m = this.machine;
    this.hit = null;
    try {
      const r = this.travel ? this.travel.run(budget) : m.run(budget);
      this.retiredTotal += r.retired;
      this.ended = stopInfo(r, m.cpu.shutdown);
      if (r.reason === 'stopped') this.hit = this.rules.takeHit();
      if (this.hit) this.pause = this.hit;
      // The detectors' end checks (the last scan, the triple fault's chain) once it is over.
      if (this.ended) this.monitor.finish();
    } catch (e) {
      this.ended = internalError(e);
    }
    // Peripherals' change events are not guest timers: they are polled between slices.
    this.pc.poll();
    return this.ended;
  }

  status(run: 'paused' | 'running'): EngineStatus {
    const cpu = this.machine.cpu;
    const rip = pairBig(cpu.rip[0], cpu.rip[1]);
    return {
      run: this.ended ? 'ended' : run,
      guestTime: cpu.now(),
      retired: this.travel?.retired ?? this.retiredTotal,
      rip: hex64(rip),
      where: this.symbols.name(rip),
      halted: cpu.halted,
      stop: this.ended,
      pause: this.pause,
    };
  }

  /** Makes the run replayable: the machine is then driven by the time-travel replayer. */
  attachTimeTravel(travel: TimeTravel): void {
    this.travel = travel;
    travel.onFutureDropped((at) => this.cr3s.dropAfter(at));
  }

  get timeTravel(): TimeTravel | null {
    return this.travel;
  }

  /**
   * After time travel or input: the machine has ended only if it is at the session's end.
   * `pause` says why it is where it is now.
   */
  travelled(pause?: PauseInfo): void {
    const end = this.travel?.endHere() ?? null;
    this.ended = end ? stopInfo(end, this.machine.cpu.shutdown) : null;
    this.hit = null;
    if (pause) this.pause = pause;
  }

  /** Why the last run() stopped early at a breakpoint or a "run to" target; null otherwise. */
  get breakHit(): PauseInfo | null {
    return this.hit;
  }

  setBreakpoints(list: readonly Breakpoint[]): void {
    this.rules.setBreakpoints(list);
  }

  /** Makes the run stop at the next place `target` names; throws when its address is bad. */
  runTo(target: StopCondition | null): void {
    this.rules.runTo(target);
  }

  /** A run, step or "run to" the user started: the instruction at a breakpoint runs. */
  resume(): void {
    this.rules.resume();
  }

  /** Why the machine is paused when the run was stopped from outside (a step done, pause). */
  notePause(p: PauseInfo): void {
    this.pause = p;
  }

  registers(): string {
    const cpu = this.machine.cpu;
    return infoRegisters(cpu, {
      halted: cpu.halted,
      interruptShadow: cpu.interrupts.shadowUntil > cpu.now(),
    });
  }

  /** `info mem`, `info tlb`, and the ranges table narrowed to what `filter` keeps. */
  ranges(filter: RangeFilter = NO_FILTER): RangesView {
    const cpu = this.machine.cpu;
    const tlb = infoTlb(cpu, this.machine.mem);
    const lines = tlb.split('\n');
    // The text ends in '\n', so the last element is empty and not a line.
    const omitted = Math.max(0, lines.length - 1 - MAX_TLB_LINES);
    return {
      infoMem: infoMem(cpu, this.machine.mem),
      infoTlb: omitted > 0 ? lines.slice(0, MAX_TLB_LINES).join('\n') + '\n' : tlb,
      infoTlbOmitted: omitted,
      table: rangesTable(cpu, this.machine.mem, this.plan, filter),
    };
  }

  translate(query: TranslationQuery): TranslationView {
    return translationView(this.machine.cpu, this.machine.mem, this.plan.symbols, query);
  }

  rootTable(): TableRef | null {
    return rootTable(this.machine.cpu);
  }

  table(ref: TableRef): TableView {
    return tableView(this.machine.cpu, this.machine.mem, ref);
  }

  /**
   * Every view at once. The tree's top two levels are always included (the root table and
   * the tables its entries point to, up to TOP_TABLES of them), then each watched table (the
   * nodes the user opened below that) that lies in RAM: a watched table the guest no longer
   * reaches is read all the same, as memory, since the tree asked for it by address. The
   * ranges table holds the runs `rangeFilter` keeps.
   */
  views(
    translation: TranslationQuery | null,
    watched: readonly TableRef[],
    rangeFilter: RangeFilter = NO_FILTER,
  ): PanelViews {
    const mem = this.machine.mem;
    const root = this.rootTable();
    const tables: TableView[] = [];
    const seen = new Set<string>();
    const add = (r: TableRef) => {
      if (seen.has(tableKey(r)) || mem.offsetOf(r.phys) < 0) return;
      seen.add(tableKey(r));
      tables.push(this.tableViews.view(this.machine.cpu, mem, r));
    };
    if (root) {
      add(root);
      const top = tables[0]?.entries.flatMap((e) => (e.child ? [e.child] : [])) ?? [];
      top.slice(0, TOP_TABLES).forEach(add);
      watched.forEach(add);
    }
    this.tableViews.done();
    return {
      registers: this.registers(),
      cr3: cr3View(
        this.machine.cpu,
        this.cr3s.entries(this.symbols, this.monitor.findings),
        this.cr3s.omittedCount,
      ),
      ranges: this.ranges(rangeFilter),
      translation: translation ? this.translate(translation) : null,
      findings: this.monitor.findings.map(findingView),
      breakpoints: this.rules.views(),
      timeline: this.travel?.view(this.monitor.findings) ?? null,
      tables,
    };
  }

  /** The descriptor tables, for the panel that shows them (asked for, not pushed). */
  descriptors(): DescriptorsView {
    return descriptorsView(this.machine.cpu, this.machine.mem, this.symbols);
  }

  /** A copy of guest physical memory (all ones where no RAM is), for when RAM is not shared. */
  readRam(address: number, length: number): Uint8Array {
    return readPhysical(this.machine.mem.ram, address, length);
  }
}
