import { diffAddressSpaces, diffText } from '../analysis/index.ts';
import type { AddressSpace } from '../analysis/index.ts';
import type { Finding } from '../analysis/pitfalls/index.ts';
import type { RunResult } from '../core/machine.ts';
import { PhysicalMemory } from '../core/memory/physical-memory.ts';
import { pagingMode } from '../core/mmu/paging-bits.ts';
import type { PagingWatch } from '../core/watch/paging-watch.ts';
import type { SessionFiles, SessionRecord } from '../session/record.ts';
import type { Replayer, ReplayStop } from '../session/replayer.ts';
import { addressBits, mapPosition } from './address-map-view.ts';
import { hexShort, pairBig } from './format.ts';
import { RUN_BACK_EVENTS, TimelineMarkers } from './time-travel-markers.ts';
import type {
  RunBackTarget,
  SpaceDiffView,
  TimelineMarker,
  TimelineView,
} from './time-travel-views.ts';

/**
 * The live session as a replayable record: the engine's machine is driven by a Replayer, so
 * every input is logged with its instruction count and the machine can go to any instruction
 * of the run, back or forth, and be the same there bit for bit.
 *
 * Time the run has already covered (below `furthest`) is re-run quietly: its serial output,
 * shown when the run first got there, is not shown again, and the timeline markers and the
 * CR3 history, which already hold that time, take nothing from it. A forward run over
 * covered time keeps the paging watch, so breakpoints and "run to" stop there as in new
 * time; seeks and run-backs detach it and ignore breakpoints (they go where they are sent,
 * and faster).
 */
/** What a session record names besides its input: the files by hash, the machine's config. */
export type RecordHead = Pick<SessionRecord, 'image' | 'machine'>;

export class TimeTravel {
  readonly markers: TimelineMarkers;
  private furthestAt: number;
  private quiet = false;
  private readonly futureDropped: ((at: number) => void)[] = [];

  constructor(
    private readonly replayer: Replayer,
    private readonly watch: PagingWatch,
    private readonly files: SessionFiles,
    /** The files' hashes and the machine's config (hashing is asynchronous: done on demand). */
    private readonly head: () => Promise<RecordHead>,
  ) {
    this.furthestAt = replayer.position;
    this.markers = new TimelineMarkers(watch, (at) => at >= this.furthestAt);
  }

  get position(): number {
    return this.replayer.position;
  }

  /** The furthest instruction the run has reached. */
  get furthest(): number {
    return this.furthestAt;
  }

  /** Instructions retired since boot at this position. */
  get retired(): number {
    return this.replayer.retired;
  }

  /** Calls `fn` when input in the past drops the run's future after instruction `at`. */
  onFutureDropped(fn: (at: number) => void): void {
    this.futureDropped.push(fn);
  }

  /** Whether the machine is re-running covered time (its serial output was shown before). */
  get replaying(): boolean {
    return this.quiet;
  }

  /** The session's end (exit, reset, power off, triple fault) when the machine is at it. */
  endHere(): RunResult | null {
    const end = this.replayer.end;
    if (end === null || this.position < end.at) return null;
    return { reason: end.reason, elapsed: 0, retired: 0, event: end.event };
  }

  /** Runs `budget` instructions of guest time forward, as Machine.run does. */
  run(budget: number): RunResult {
    const start = this.position;
    const retired = this.replayer.retired;
    const to = start + budget;
    let stop: ReplayStop | null = null;
    this.watchOn();
    if (start < this.furthestAt)
      stop = this.rerun(() => this.replayer.runTo(Math.min(to, this.furthestAt)));
    if (stop === null && this.position < to) stop = this.advance(to);
    return {
      reason: stop?.reason ?? 'budget',
      elapsed: this.position - start,
      retired: this.replayer.retired - retired,
      event: stop?.event,
    };
  }

  /**
   * One piece of a seek to `target`, replaying at most `budget` instructions, so a long seek
   * can report progress and leave room for messages. Covered time is replayed quietly; a
   * target beyond it (opening a shared session) is run to as new time. Returns true once
   * the seek is over: at the target, or stopped short by the session's end.
   */
  seekPiece(target: number, budget: number): boolean {
    const to = Math.max(0, target);
    const now = this.position;
    const snapshot = this.replayer.snapshots.atOrBefore(to)!;
    const from = to < now || snapshot.at > now ? snapshot.at : now;
    const next = Math.min(to, from + budget);
    const covered = Math.min(next, this.furthestAt);
    let stop: ReplayStop | null = null;
    if (covered !== now || from !== now) stop = this.quietly(() => this.replayer.seek(covered));
    if (stop === null && next > this.position) {
      const saved = this.replayer.machine.cpu.breakpoints;
      this.replayer.machine.cpu.breakpoints = null;
      try {
        stop = this.advance(next);
      } finally {
        this.replayer.machine.cpu.breakpoints = saved;
      }
    }
    // A watch-event stop (a "run to" armed elsewhere) does not end a seek.
    if (stop !== null && stop.reason !== 'stopped') return true;
    return this.position >= to;
  }

  stepBack(): void {
    this.quietly(() => this.replayer.stepBack());
  }

  /** Back to just before the last such event; its guest time, or null when there is none. */
  runBack(target: RunBackTarget): number | null {
    return this.quietly(() => this.replayer.backTo(RUN_BACK_EVENTS[target]));
  }

  /** Bytes typed into COM1 now. Input in the past begins another future: the old one goes. */
  sendSerial(bytes: Uint8Array): void {
    this.replayer.sendSerial(bytes);
    this.inputGiven();
  }

  /** A key pressed or released now (KeyboardEvent.code); false for a key the PC lacks. */
  sendKey(code: string, down: boolean): boolean {
    if (!this.replayer.sendKey(code, down)) return false;
    this.inputGiven();
    return true;
  }

  /** Input given in the past begins another future: the old one goes. */
  private inputGiven(): void {
    if (this.position < this.furthestAt) {
      this.furthestAt = this.position;
      this.markers.dropAfter(this.position);
      for (const fn of this.futureDropped) fn(this.position);
    }
  }

  /** The session as it stands (its input log, this position, the page's view) and its files. */
  async record<View>(view: View): Promise<{ record: SessionRecord<View>; files: SessionFiles }> {
    const head = await this.head();
    const input = this.replayer.inputLog();
    return { record: { ...head, input, position: this.position, view }, files: this.files };
  }

  /** The timeline: the run's extent, this position, the markers and the findings' places. */
  view(findings: readonly Finding[]): TimelineView {
    const found: TimelineMarker[] = findings.flatMap((f) =>
      f.where.at === null ? [] : [{ kind: 'finding' as const, at: f.where.at, label: f.what }],
    );
    return {
      end: this.furthestAt,
      position: this.position,
      markers: [...this.markers.markers(), ...found],
      omitted: this.markers.omittedCounts(),
    };
  }

  /**
   * How the address space at instruction `b` differs from the one at `a` (both within the
   * run), each read from guest RAM as the machine had it there; the machine comes back to
   * where it was.
   */
  diff(a: number, b: number): SpaceDiffView {
    const here = this.position;
    const spaceA = this.spaceAt(a);
    const spaceB = this.spaceAt(b);
    this.quietly(() => this.replayer.seek(here));
    const ranges = diffAddressSpaces(spaceA, spaceB);
    const lines = diffText(ranges).split('\n');
    const { cr0, cr4, efer } = spaceB.paging;
    const bits = addressBits(pagingMode(cr0, cr4, efer));
    const cr3 = (s: AddressSpace) => hexShort(pairBig(s.paging.cr3[0], s.paging.cr3[1]));
    return {
      a,
      b,
      cr3A: cr3(spaceA),
      cr3B: cr3(spaceB),
      ranges: ranges.map((r, i) => {
        const lo = mapPosition(r.start, bits);
        return {
          kind: r.kind,
          text: lines[i],
          changes: r.changes,
          lo,
          hi: lo + Number(r.end - r.start),
        };
      }),
    };
  }

  private spaceAt(at: number): AddressSpace {
    const to = Math.min(Math.max(0, at), this.furthestAt);
    this.quietly(() => this.replayer.seek(to));
    const { cpu, mem } = this.replayer.machine;
    const copy = new PhysicalMemory(mem.size);
    copy.ram.set(mem.ram);
    const paging = { cr0: cpu.cr0, cr4: cpu.cr4, efer: cpu.efer, cr3: Int32Array.from(cpu.cr3) };
    return { mem: copy, paging };
  }

  /** New guest time: watched, and the furthest point moves on. */
  private advance(to: number): ReplayStop | null {
    this.watchOn();
    const stop = this.replayer.runTo(to);
    this.furthestAt = Math.max(this.furthestAt, this.position);
    return stop;
  }

  /** Attaches the paging watch again where the end of a run (PitfallMonitor.finish) took it off. */
  private watchOn(): void {
    const cpu = this.replayer.machine.cpu;
    if (cpu.watch === null) this.watch.attach(cpu);
  }

  /** Runs `fn` forward over covered time: watched, but its serial output not shown again. */
  private rerun<T>(fn: () => T): T {
    this.quiet = true;
    try {
      return fn();
    } finally {
      this.quiet = false;
    }
  }

  /**
   * Runs `fn` to move the machine (a seek, a run back): the paging watch detached (the
   * replayer attaches its own to run back) and the CPU's instruction breakpoints off.
   */
  private quietly<T>(fn: () => T): T {
    const cpu = this.replayer.machine.cpu;
    const watched = cpu.watch === this.watch;
    const saved = cpu.breakpoints;
    if (watched) this.watch.detach();
    cpu.breakpoints = null;
    try {
      return this.rerun(fn);
    } finally {
      cpu.breakpoints = saved;
      if (watched && cpu.watch === null) this.watch.attach(cpu);
    }
  }
}
