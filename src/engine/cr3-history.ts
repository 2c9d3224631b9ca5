import type { Finding } from '../analysis/pitfalls/index.ts';
import type { Cpu } from '../core/cpu/cpu.ts';
import type { ControlWrite } from '../core/watch/events.ts';
import type { PagingWatch } from '../core/watch/paging-watch.ts';
import { hex64, hexShort, pairBig } from './format.ts';
import type { SymbolIndex } from './symbols.ts';
import type { Cr3Change } from './views.ts';

/** Writes kept besides the boot value: a kernel switching processes loads CR3 all the time. */
const MAX_WRITES = 255;

interface Write {
  at: number;
  rip: bigint;
  old: bigint;
  value: bigint;
}

/**
 * Every CR3 write the guest makes, exactly: the core's PagingWatch reports each mov to CR3 at
 * the instruction (guest time, RIP, CR3 before and after), so the history is the same however
 * the run is sliced, and a reload of the same value is listed too. The value the boot loader
 * left comes first; past MAX_WRITES the oldest writes give way to new ones.
 */
export class Cr3History {
  private readonly boot: bigint;
  private readonly writes: Write[] = [];
  private omitted = 0;
  /** Guest time up to which writes are recorded: re-running that time (time travel) adds none. */
  private until = -1;

  constructor(cpu: Cpu, watch: PagingWatch) {
    this.boot = pairBig(cpu.cr3[0], cpu.cr3[1]);
    watch.listen((e) => {
      if (e.kind === 'control' && e.reg === 'cr3') this.record(e);
    });
  }

  get omittedCount(): number {
    return this.omitted;
  }

  /** The history as the CR3 panel shows it, each write with the findings raised at it. */
  entries(symbols: SymbolIndex, findings: readonly Finding[]): Cr3Change[] {
    const first: Cr3Change = {
      value: hexShort(this.boot),
      old: null,
      at: 0,
      rip: null,
      symbol: '',
      findings: [],
    };
    return [
      first,
      ...this.writes.map((w) => ({
        value: hexShort(w.value),
        old: hexShort(w.old),
        at: w.at,
        rip: hex64(w.rip),
        symbol: symbols.name(w.rip),
        findings: raisedAt(findings, w),
      })),
    ];
  }

  /** Forgets the writes after `at`: input given there began another future. */
  dropAfter(at: number): void {
    while (this.writes.length > 0 && this.writes[this.writes.length - 1].at > at) this.writes.pop();
    this.until = Math.min(this.until, at);
  }

  private record(e: ControlWrite): void {
    if (e.at <= this.until) return;
    this.until = e.at;
    this.writes.push({ at: e.at, rip: e.rip, old: e.before.cr3, value: e.after.cr3 });
    if (this.writes.length > MAX_WRITES) {
      this.writes.shift();
      this.omitted++;
    }
  }
}

/** Indexes of the findings blamed on the write's instruction. */
function raisedAt(findings: readonly Finding[], w: Write): number[] {
  const out: number[] = [];
  findings.forEach((f, i) => {
    if (f.where.at === w.at && f.where.rip === w.rip) out.push(i);
  });
  return out;
}
