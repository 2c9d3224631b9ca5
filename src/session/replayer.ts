import type { DeviceEvent } from '../core/devices/device-host.ts';
import type { PcPeripherals } from '../core/devices/pc-peripherals.ts';
import { scancodes } from '../core/devices/ps2-scancodes.ts';
import type { Machine, MachineSnapshot, StopReason } from '../core/machine.ts';
import type { WatchEvent } from '../core/watch/events.ts';
import { PagingWatch } from '../core/watch/paging-watch.ts';
import { bootMachine } from '../engine/boot-machine.ts';
import { bootOptionsOf, verifySessionFiles } from './record.ts';
import type { InputEvent, SessionFiles, SessionRecord } from './record.ts';
import { SnapshotStore } from './snapshot-store.ts';

export interface ReplayerOptions {
  /** Guest time between snapshots (default 2,000,000 instructions). */
  snapshotEvery?: number;
  /** Bytes the snapshots may hold together before old ones are thinned (default 256 MiB). */
  maxSnapshotBytes?: number;
}

/** Why a replay stopped short of where it was asked to go. */
export interface ReplayStop {
  reason: StopReason;
  /** Guest time of the stop. */
  at: number;
  event?: DeviceEvent;
}

/** Stops after which the session has no future: the guest left, reset or died. */
const FINAL: readonly StopReason[] = ['exit', 'reset', 'poweroff', 'triple-fault'];

/**
 * Drives one session's machine through its input log: boots the image, feeds each input at
 * its exact instruction count through the devices (COM1's receiver, the PS/2 keyboard),
 * takes a snapshot every `snapshotEvery` instructions, and moves anywhere in guest time by
 * restoring the nearest snapshot at or before the target and running forward.
 *
 * The state at guest time T is the state before the inputs that arrive at T: seeking to T
 * stops short of them, running on delivers them first. New input given at the current
 * position replaces the log's future, which belonged to another run.
 */
export class Replayer {
  readonly snapshots: SnapshotStore;
  private readonly every: number;
  private readonly input: InputEvent[];
  /** Index of the first input not yet delivered. */
  private nextInput = 0;
  /** The latest guest time a snapshot was taken at: later ones are new. */
  private frontier = 0;
  private final: ReplayStop | null = null;
  /** Instructions retired since boot at the current position (guest time less idle time). */
  private retiredNow = 0;
  /** The same count at each snapshot's guest time, to be exact again after a restore. */
  private readonly retiredAt = new Map<number, number>();

  private constructor(
    readonly machine: Machine,
    readonly pc: PcPeripherals,
    /** What the record names besides its input; null when attached without file hashes. */
    private readonly head: Pick<SessionRecord, 'image' | 'machine'> | null,
    input: readonly InputEvent[],
    options: ReplayerOptions,
  ) {
    this.every = options.snapshotEvery ?? 2_000_000;
    this.snapshots = new SnapshotStore(options.maxSnapshotBytes ?? 256 << 20);
    this.input = input.slice();
    this.snapshots.add(machine.snapshot());
    this.retiredAt.set(machine.cpu.now(), 0);
  }

  /**
   * Drives a machine the caller has just booted, at the boot's guest time, feeding it
   * `input`. The caller names the files (sessionRecord is not available): hashing them is
   * asynchronous, and a page boots at once.
   */
  static attach(
    machine: Machine,
    pc: PcPeripherals,
    input: readonly InputEvent[],
    options: ReplayerOptions = {},
  ): Replayer {
    return new Replayer(machine, pc, null, input, options);
  }

  /** Checks the files against the record's hashes, boots, and goes to the record's position. */
  static async open(
    record: SessionRecord,
    files: SessionFiles,
    options: ReplayerOptions = {},
  ): Promise<Replayer> {
    await verifySessionFiles(record, files);
    const booted = bootMachine(files.image, bootOptionsOf(record, files));
    if (!booted.ok) throw new Error(`${booted.error.code}: ${booted.error.message}`);
    const r = new Replayer(booted.machine, booted.pc, record, record.input, options);
    r.runTo(record.position);
    return r;
  }

  /** Guest time the machine is at. */
  get position(): number {
    return this.machine.cpu.now();
  }

  /** Instructions retired since boot at this position: guest time without the idle time. */
  get retired(): number {
    return this.retiredNow;
  }

  /** Where the session ended (exit, reset, power off, triple fault), once replay got there. */
  get end(): ReplayStop | null {
    return this.final;
  }

  /** The session as it stands: the log, this position, and the UI's view state. */
  sessionRecord<View>(view: View): SessionRecord<View> {
    if (this.head === null) throw new Error('this replayer was attached without a record');
    const { image, machine } = this.head;
    return { image, machine, input: this.input.slice(), position: this.position, view };
  }

  /**
   * Runs forward to guest time `target`, feeding inputs and taking snapshots on the way.
   * Returns why it stopped short (the session's end, or a CPU halted for good with no input
   * to come), or null once at `target`.
   */
  runTo(target: number): ReplayStop | null {
    const m = this.machine;
    for (;;) {
      const now = m.cpu.now();
      if (this.final !== null && now >= this.final.at && this.inFinalState()) return this.final;
      if (now % this.every === 0 && now > this.frontier) {
        this.snapshots.add(m.snapshot());
        this.retiredAt.set(now, this.retiredNow);
        this.frontier = now;
      }
      if (now >= target) return null;
      this.deliverInputsAt(now);
      const nextInput = this.input[this.nextInput]?.at ?? Infinity;
      const nextSnapshot = (Math.floor(now / this.every) + 1) * this.every;
      const r = m.run(Math.min(target, nextInput, nextSnapshot) - now);
      this.retiredNow += r.retired;
      if (r.reason === 'budget') continue;
      const stop: ReplayStop = { reason: r.reason, at: m.cpu.now(), event: r.event };
      if (FINAL.includes(r.reason)) return (this.final = stop);
      // Halted with nothing to wake it: only input arriving now could.
      if (r.reason !== 'halted-forever' || nextInput !== stop.at) return stop;
    }
  }

  /** Goes to guest time `target`, backwards or forwards. */
  seek(target: number): ReplayStop | null {
    const to = Math.max(0, target);
    const now = this.position;
    const s = this.snapshots.atOrBefore(to)!;
    // After a triple fault the machine is past every guest time, its own included.
    const past = to < now || this.machine.cpu.shutdown !== null;
    if (past || s.at > now) this.restore(s);
    return this.runTo(to);
  }

  /** One instruction of guest time back. */
  stepBack(): ReplayStop | null {
    return this.seek(this.position - 1);
  }

  /**
   * Goes back to the last CR3 load before the current position, stopping just before the
   * instruction that loads it; returns its guest time, or null (staying put) when there is
   * none.
   */
  backToCr3Write(): number | null {
    return this.backTo((e) => e.kind === 'control' && e.reg === 'cr3');
  }

  /**
   * Goes back to the last paging-watch event `match` accepts before the current position
   * (a CR3 load, a page-table write, an exception), stopping just before the instruction it
   * happened at; returns its guest time, or null (staying put) when there is none. Each span
   * between snapshots is replayed under a paging watch, newest first. The CPU must have no
   * other watch attached meanwhile.
   */
  backTo(match: (e: WatchEvent) => boolean): number | null {
    const from = this.position;
    for (let upper = from; upper > 0;) {
      const s = this.snapshots.atOrBefore(upper - 1)!;
      const found = this.eventsUntil(s, upper, match);
      if (found.length > 0) {
        const at = found[found.length - 1];
        this.seek(at);
        return at;
      }
      upper = s.at;
    }
    this.seek(from);
    return null;
  }

  /** Every input so far, in order (a copy). */
  inputLog(): InputEvent[] {
    return this.input.slice();
  }

  /** Serial bytes typed now, into COM1. */
  sendSerial(bytes: Uint8Array): void {
    this.addInput({ at: this.position, device: 'serial', bytes: bytes.slice() });
  }

  /** A key event now (KeyboardEvent.code); false for a key the keyboard lacks. */
  sendKey(code: string, down: boolean): boolean {
    const bytes: number[] = [];
    if (!scancodes(code, down, this.pc.ps2.keyboard.scancodeSet, bytes)) return false;
    this.addInput({ at: this.position, device: 'keyboard', bytes: Uint8Array.from(bytes) });
    return true;
  }

  private addInput(e: InputEvent): void {
    // What the log held from here on was another run's future: drop it and what it built.
    this.input.length = this.nextInput;
    this.input.push(e);
    this.snapshots.dropAfter(e.at);
    this.frontier = Math.min(this.frontier, e.at);
    if (this.final !== null && this.final.at > e.at) this.final = null;
    this.deliverInputsAt(e.at);
  }

  /**
   * Whether the machine is in the state its session ended in. Exit, reset and power off
   * end after the instruction that asked, so guest time says it. A triple fault ends *at*
   * the faulting instruction: at that guest time the machine is either before the fault
   * (a seek to there) or after it (run into it), and only the CPU's shutdown tells.
   */
  private inFinalState(): boolean {
    return this.final?.reason !== 'triple-fault' || this.machine.cpu.shutdown !== null;
  }

  private deliverInputsAt(now: number): void {
    const log = this.input;
    for (; this.nextInput < log.length && log[this.nextInput].at <= now; this.nextInput++) {
      const e = log[this.nextInput];
      if (e.device === 'keyboard') this.pc.ps2.sendScancodes(e.bytes);
      else {
        const com1 = this.pc.serial.com1;
        if (com1 === undefined) throw new Error('the session has serial input but no COM1');
        com1.receive(e.bytes);
      }
    }
  }

  private restore(s: MachineSnapshot): void {
    this.machine.restore(s);
    this.retiredNow = this.retiredAt.get(s.at) ?? 0;
    this.nextInput = this.input.findIndex((e) => e.at >= s.at);
    if (this.nextInput < 0) this.nextInput = this.input.length;
  }

  /** Replays from snapshot `s` to `upper` under a paging watch: the times of matching events. */
  private eventsUntil(
    s: MachineSnapshot,
    upper: number,
    match: (e: WatchEvent) => boolean,
  ): number[] {
    this.restore(s);
    const watch = new PagingWatch();
    const found: number[] = [];
    watch.attach(this.machine.cpu);
    const unlisten = watch.listen((e) => {
      if (e.at < upper && match(e)) found.push(e.at);
    });
    try {
      this.runTo(upper);
    } finally {
      unlisten();
      watch.detach();
    }
    return found;
  }
}
