import type { Cpu, ExceptionSink } from '../cpu/cpu.ts';
import type { Insn } from '../cpu/decode/insn.ts';
import type { GuestFault } from '../cpu/fault.ts';
import { PF_VEC, VECTOR_NAMES } from '../cpu/fault.ts';
import { PhysicalMemory } from '../memory/physical-memory.ts';
import {
  CR0_PE,
  CR0_PG,
  CR0_WP,
  CR4_LA57,
  CR4_PAE,
  CR4_PCIDE,
  CR4_PGE,
  CR4_PSE,
  CR4_SMAP,
  CR4_SMEP,
  EFER_LMA,
  EFER_LME,
  EFER_NXE,
} from '../mmu/paging-bits.ts';
import type { WalkStep } from '../mmu/walker.ts';
import type { PagingRegsSnapshot, WatchEvent, WatchListener } from './events.ts';
import { pairBig, runningRip } from './running-rip.ts';
import { TableWatch } from './table-watch.ts';

/** Events kept in `events`; listeners see every one, the log keeps the first this many. */
const MAX_EVENTS = 10_000;
const CR_NAMES: Record<number, 'cr0' | 'cr3' | 'cr4'> = { 0: 'cr0', 3: 'cr3', 4: 'cr4' };
/** The bits of CR0, CR4 and EFER that change how addresses translate or what entries mean. */
const CR0_PAGING = CR0_PE | CR0_PG | CR0_WP;
const CR4_PAGING = CR4_PSE | CR4_PAE | CR4_PGE | CR4_LA57 | CR4_PCIDE | CR4_SMEP | CR4_SMAP;
const EFER_PAGING = EFER_LME | EFER_LMA | EFER_NXE;

interface PendingWrite {
  reg: 'cr0' | 'cr3' | 'cr4';
  value: bigint;
  before: PagingRegsSnapshot;
  at: number;
  rip: bigint;
}

/**
 * What the pitfall detectors need to see of a running CPU, recorded at the instruction where
 * it happens: every CR3 load, every CR0, CR4 and EFER change that matters to paging, every
 * refused mov to CRn, every exception (and those raised while delivering it), every guest
 * store into a live page table, and every use of a TLB entry such a store made stale
 * (table-watch.ts).
 *
 * Attached, it is Cpu.watch, and the slow paths call its hooks: control-regs.ts around a mov
 * to CRn, Cpu.updateAccessRights (every EFER write passes there), and in mmu/access.ts the TLB
 * refill, physFor and storePhys. The fast paths never look at it; detached (the default)
 * every hook is one null test on a slow path. It also wraps the CPU's exception sink.
 * Listeners run synchronously, with the machine exactly at the event: they must not change
 * guest state (they may ask the Machine to stop).
 */
export class PagingWatch {
  readonly events: WatchEvent[] = [];
  /** Events past MAX_EVENTS that listeners saw but the log does not keep. */
  dropped = 0;
  private readonly listeners: WatchListener[] = [];
  private readonly attachListeners: (() => void)[] = [];
  private cpu: Cpu | null = null;
  // Set by attach(), before any hook can be called.
  private tables!: TableWatch;
  private ramOnly!: PhysicalMemory;
  private sink: WatchedSink | null = null;
  private pending: PendingWrite | null = null;
  private efer = 0;

  /** Starts watching a CPU (one watch a CPU). */
  attach(c: Cpu): void {
    if (c.watch !== null) throw new Error('this CPU already has a paging watch');
    if (c.mem.ram.byteOffset !== 0) throw new RangeError('guest RAM must start its buffer');
    // Walks of its own read RAM only: a table pointer into MMIO must not reach a device.
    this.ramOnly = new PhysicalMemory(c.mem.size, c.mem.ram.buffer);
    this.tables = new TableWatch(this.ramOnly);
    // The TLB may hold entries this watch did not see filled (a snapshot, a detached run).
    this.tables.resync(c);
    this.sink = new WatchedSink(c.sink, this);
    c.sink = this.sink;
    this.efer = c.efer;
    this.cpu = c;
    c.watch = this;
    for (const fn of [...this.attachListeners]) fn();
  }

  /**
   * Calls `fn` after each attach: what was handed to watchTables before is forgotten then (a
   * seek may have moved the machine to other tables).
   */
  onAttach(fn: () => void): void {
    this.attachListeners.push(fn);
  }

  /** Stops watching; TLB entries it slowed down speed up again as they are refilled. */
  detach(): void {
    const c = this.cpu;
    if (c === null) return;
    if (c.sink === this.sink) c.sink = this.sink!.inner;
    c.watch = null;
    this.cpu = null;
  }

  /**
   * Stores into the paging structures at physical `phys[t]` (tables at `levels[t]`, 1 = PT),
   * t < count, are reported from now on, whether or not a walk has read them yet (tables
   * just linked, or of a tree no TLB entry came from). Walks add the tables they read by
   * themselves, and keep the level they read a frame at.
   */
  watchTables(phys: ArrayLike<number>, levels: ArrayLike<number>, count: number): void {
    if (this.cpu !== null) this.tables.watchFrames(this.cpu, phys, levels, count);
  }

  /** Calls `fn` with every event from now on; returns the unsubscribe. */
  listen(fn: WatchListener): () => void {
    this.listeners.push(fn);
    return () => {
      const i = this.listeners.indexOf(fn);
      if (i >= 0) this.listeners.splice(i, 1);
    };
  }

  private emit(e: WatchEvent): void {
    if (this.events.length < MAX_EVENTS) this.events.push(e);
    else this.dropped++;
    for (const l of [...this.listeners]) l(e);
  }

  // ---- Hooks, called by the core while attached ----

  /** The walk steps translate() fills in for tlbFilled. */
  get trace(): WalkStep[] {
    return this.tables.trace;
  }

  /** mov to CRn, before its checks: remembered, so a refused write is reported too. */
  crWriteBegin(c: Cpu, i: Insn, n: number, lo: number, hi: number): void {
    const reg = CR_NAMES[n];
    if (reg === undefined) return;
    const rip = BigInt.asUintN(64, pairBig(c.blockRip[0], c.blockRip[1]) + BigInt(i.start));
    this.pending = { reg, value: pairBig(lo, hi), before: snapshot(c), at: c.now(), rip };
  }

  /**
   * A task switch loads CR3 from the new TSS (paging on, 32-bit TSS): reported as a mov to
   * CR3 by the instruction or event that switched; crWriteEnd follows once EIP is the new
   * task's.
   */
  taskCr3Begin(c: Cpu, lo: number): void {
    const rip = runningRip(c, this.ramOnly);
    this.pending = { reg: 'cr3', value: pairBig(lo, 0), before: snapshot(c), at: c.now(), rip };
  }

  /** mov to CRn completed, RIP already at the next instruction. */
  crWriteEnd(c: Cpu): void {
    const p = this.pending;
    if (p === null) return;
    this.pending = null;
    this.efer = c.efer;
    const after = snapshot(c);
    const b = p.before;
    // CR0.TS flips on every lazy FPU switch: only what changes paging is an event.
    if (p.reg === 'cr0' && ((b.cr0 ^ after.cr0) & CR0_PAGING) === 0) return;
    if (p.reg === 'cr4' && ((b.cr4 ^ after.cr4) & CR4_PAGING) === 0) return;
    const nextRip = pairBig(c.rip[0], c.rip[1]);
    this.emit({
      kind: 'control',
      reg: p.reg,
      at: p.at,
      rip: p.rip,
      before: b,
      after,
      nextRip,
    });
  }

  /** CR0, CR4, EFER or the CPL may have changed: reports an EFER change (a wrmsr). */
  rightsUpdated(c: Cpu): void {
    if (this.pending !== null || c.efer === this.efer) return;
    const after = snapshot(c);
    const before = { ...after, efer: this.efer };
    this.efer = c.efer;
    if (((before.efer ^ after.efer) & EFER_PAGING) === 0) return;
    const rip = runningRip(c, this.ramOnly);
    this.emit({ kind: 'control', reg: 'efer', at: c.now(), rip, before, after, nextRip: null });
  }

  /** translate() filled TLB slot `i` from the walk in `trace`. */
  tlbFilled(c: Cpu, i: number): void {
    this.tables.filled(c, i);
  }

  isTableFrame(frame: number): boolean {
    return this.tables.isTableFrame(frame);
  }

  /** A guest store of `size` bytes at physical `p`, about to be made (storePhys). */
  stored(c: Cpu, p: number, size: number, v: number): void {
    if (!this.tables.isTableFrame(p - (p % 4096))) return;
    const e = this.tables.stored(c, p, size, v, c.now(), runningRip(c, this.ramOnly));
    if (e !== null) this.emit(e);
  }

  /** physFor used TLB slot `i` while it lacked its RAM bits (MMIO, or a suspect entry). */
  cachedUse(c: Cpu, i: number, lo: number, hi: number, access: number): void {
    if (!this.tables.isSuspect(i)) return;
    const e = this.tables.check(c, i, lo, hi, access, c.now(), runningRip(c, this.ramOnly));
    if (e !== null) this.emit(e);
  }

  // ---- Exceptions, through the wrapped sink ----

  /** An exception raised by an instruction, RIP at it, before delivery. */
  beforeException(c: Cpu, f: GuestFault): void {
    const at = c.now();
    const rip = pairBig(c.rip[0], c.rip[1]);
    const p = this.pending;
    if (p !== null) {
      this.pending = null;
      this.emit({
        kind: 'control-refused',
        at,
        rip,
        reg: p.reg,
        value: p.value,
        vector: f.vector,
        detail: f.detail,
      });
    }
    const cr2 = f.vector === PF_VEC ? pairBig(f.cr2Lo, f.cr2Hi) : null;
    this.emit({
      kind: 'exception',
      at,
      rip,
      vector: f.vector,
      name: VECTOR_NAMES[f.vector] ?? `exception ${f.vector}`,
      errorCode: f.hasErrorCode ? f.errorCode >>> 0 : null,
      cr2,
      detail: f.detail,
      duringDelivery: false,
    });
  }

  /**
   * Delivery is over: the exceptions it raised in turn (the links of a double or triple
   * fault; the machine's stop reason and Cpu.shutdown tell of the triple fault itself).
   */
  afterException(c: Cpu, at: number): void {
    const chain = c.interrupts.chain;
    if (chain.count < 2) return;
    const links = (c.shutdown ?? chain.record()).chain;
    for (let k = 1; k < links.length; k++) {
      const l = links[k];
      this.emit({
        kind: 'exception',
        at,
        rip: l.rip,
        vector: l.vector,
        name: l.name,
        errorCode: l.errorCode,
        cr2: l.cr2,
        detail: l.cause,
        duringDelivery: true,
      });
    }
  }
}

/** The CPU's exception sink with the watch around it. */
class WatchedSink implements ExceptionSink {
  constructor(
    readonly inner: ExceptionSink,
    private readonly watch: PagingWatch,
  ) {}

  exception(c: Cpu, f: GuestFault): void {
    const at = c.now();
    this.watch.beforeException(c, f);
    this.inner.exception(c, f);
    this.watch.afterException(c, at);
  }
}

function snapshot(c: Cpu): PagingRegsSnapshot {
  return { cr0: c.cr0, cr3: pairBig(c.cr3[0], c.cr3[1]), cr4: c.cr4, efer: c.efer, pkru: c.pkru };
}
