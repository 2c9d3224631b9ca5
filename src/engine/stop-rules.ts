import type { ElfSymbol } from '../boot/index.ts';
import { Breakpoints } from '../core/cpu/breakpoints.ts';
import type { Machine } from '../core/machine.ts';
import type { WatchEvent } from '../core/watch/events.ts';
import type { PagingWatch } from '../core/watch/paging-watch.ts';
import { parseAddress } from './address-input.ts';
import { hex64, pairBig } from './format.ts';
import { LiveTableFrames } from './live-table-frames.ts';
import { stopWords } from './stop-words.ts';
import type { SymbolIndex } from './symbols.ts';
import type { Breakpoint, BreakpointView, PauseInfo, StopCondition } from './views.ts';

/** A condition with its address resolved (address conditions only). */
interface Armed {
  condition: StopCondition;
  va: bigint | null;
  error: string | null;
}

/**
 * Where a run stops besides its budget: the breakpoints and the one-shot target of "run to".
 * CR3 writes, exceptions and page-table writes are PagingWatch events: a listener stops the
 * machine after the instruction (the write landed; the exception was delivered). A page-table
 * write counts when it changes an entry of a table of the current CR3's tree; while such a
 * stop is armed, every table of that tree is watched (live-table-frames.ts). Addresses
 * are the CPU's instruction breakpoints (core/cpu/breakpoints.ts): it stops before the
 * instruction runs.
 */
export class StopRules {
  private breakpoints: { bp: Breakpoint; armed: Armed; hits: number }[] = [];
  private target: Armed | null = null;
  private readonly fetch = new Breakpoints();
  private hit: PauseInfo | null = null;
  private readonly tables: LiveTableFrames;

  constructor(
    private readonly machine: Machine,
    watch: PagingWatch,
    private readonly symbols: readonly ElfSymbol[],
    private readonly names: SymbolIndex,
  ) {
    this.tables = new LiveTableFrames(machine.cpu, watch);
    watch.listen((e) => this.onEvent(e));
  }

  /** Replaces the breakpoints; a breakpoint kept (same id) keeps its hit count. */
  setBreakpoints(list: readonly Breakpoint[]): void {
    const hits = new Map(this.breakpoints.map((b) => [b.bp.id, b.hits]));
    this.breakpoints = list.map((bp) => ({ bp, armed: this.arm(bp), hits: hits.get(bp.id) ?? 0 }));
    this.armFetch();
    this.tables.setWatching(this.awaitsTableWrites());
  }

  /** Stops at the next place `c` names (once), or no longer when null. Throws on a bad address. */
  runTo(c: StopCondition | null): void {
    const armed = c && this.arm(c);
    if (armed?.error) throw new Error(armed.error);
    this.target = armed;
    this.armFetch();
    this.tables.setWatching(this.awaitsTableWrites());
  }

  /** A run the user started: lets the instruction at RIP run even when a breakpoint is on it. */
  resume(): void {
    this.hit = null;
    this.fetch.resumeAt = this.machine.cpu.now();
  }

  /**
   * After Machine.run returned 'stopped': what stopped it. A watch event recorded itself;
   * otherwise RIP is at an instruction breakpoint or the target address.
   */
  takeHit(): PauseInfo | null {
    const hit = this.hit ?? this.fetchHit();
    this.hit = null;
    return hit;
  }

  views(): BreakpointView[] {
    return this.breakpoints.map((b) => ({
      ...b.bp,
      label: this.label(b.bp, b.armed.va),
      error: b.armed.error,
      hits: b.hits,
    }));
  }

  private arm(c: StopCondition): Armed {
    if (c.kind !== 'address') return { condition: c, va: null, error: null };
    const parsed = parseAddress(c.address, this.symbols);
    return parsed.ok
      ? { condition: c, va: parsed.va, error: null }
      : { condition: c, va: null, error: parsed.error };
  }

  private armFetch(): void {
    const addresses = this.breakpoints
      .filter((b) => b.bp.enabled && b.armed.va !== null)
      .map((b) => b.armed.va!);
    if (this.target?.va != null) addresses.push(this.target.va);
    this.fetch.set(addresses);
    this.machine.cpu.breakpoints = addresses.length > 0 ? this.fetch : null;
  }

  private label(c: StopCondition, va: bigint | null): string {
    switch (c.kind) {
      case 'cr3-write':
        return 'any CR3 write';
      case 'exception':
        return c.vector === null ? 'any exception' : `exception vector ${c.vector}`;
      case 'table-write':
        return 'a write to a page table';
      case 'address': {
        if (va === null) return c.address;
        const name = this.names.name(va);
        return `RIP = ${hex64(va)}${name ? ` (${name})` : ''}`;
      }
    }
  }

  private onEvent(e: WatchEvent): void {
    if (this.hit === null) this.check(e);
    // After the check: the write is judged against the tree it was made in.
    if (e.kind === 'control') this.tables.invalidate();
    else if (e.kind === 'table-write' && e.level > 1) this.tables.linking(e);
  }

  private check(e: WatchEvent): void {
    // The watch reports stores into every frame it ever walked; only live tables count.
    if (e.kind === 'table-write' && !(this.awaitsTableWrites() && this.tables.has(e.entryAddress)))
      return;
    const t = this.target;
    if (t !== null && matches(t.condition, e)) {
      this.target = null;
      this.stopFor('run-to', null, e);
      return;
    }
    const b = this.breakpoints.find((x) => x.bp.enabled && matches(x.bp, e));
    if (b) {
      b.hits++;
      this.stopFor('breakpoint', b.bp.id, e);
    }
  }

  private awaitsTableWrites(): boolean {
    return (
      this.target?.condition.kind === 'table-write' ||
      this.breakpoints.some((b) => b.bp.enabled && b.bp.kind === 'table-write')
    );
  }

  private stopFor(reason: 'run-to' | 'breakpoint', id: number | null, e: WatchEvent): void {
    this.hit = { reason, breakpoint: id, message: stopWords(e, this.names) };
    this.machine.stop();
  }

  private fetchHit(): PauseInfo | null {
    const cpu = this.machine.cpu;
    const rip = pairBig(cpu.rip[0], cpu.rip[1]);
    const name = this.names.name(rip);
    const message = `Stopped before the instruction at ${hex64(rip)}${name ? ` (${name})` : ''}.`;
    if (this.target?.va === rip) {
      this.target = null;
      this.armFetch();
      return { reason: 'run-to', breakpoint: null, message };
    }
    const b = this.breakpoints.find((x) => x.bp.enabled && x.armed.va === rip);
    if (!b) return null;
    b.hits++;
    return { reason: 'breakpoint', breakpoint: b.bp.id, message };
  }
}

/** Whether a watch event is what a (non-address) condition waits for. */
function matches(c: StopCondition, e: WatchEvent): boolean {
  switch (c.kind) {
    case 'cr3-write':
      return e.kind === 'control' && e.reg === 'cr3';
    case 'exception':
      return e.kind === 'exception' && (c.vector === null || e.vector === c.vector);
    case 'table-write':
      return e.kind === 'table-write';
    case 'address':
      return false;
  }
}
