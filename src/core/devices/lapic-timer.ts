import { ClockRate } from '../time.ts';
import type { DeviceHost, TimerClient } from './device-host.ts';
import { loadFields, saveFields } from '../machine/snapshot-fields.ts';
import type { SavedState } from '../machine/snapshot-fields.ts';

/**
 * The local APIC's bus clock, which the timer divides. 1 GHz, as QEMU's APIC uses (its
 * timer counts nanoseconds), so a kernel that hard-codes an initial count tuned on QEMU
 * gets the same period here; kernels that calibrate against the PIT get it right anyway.
 * At the nominal 100 MIPS that is 10 bus clocks per instruction.
 */
export const APIC_BUS_HZ = 1_000_000_000;

/**
 * The local APIC timer (SDM Vol. 3, 11.5.4): the current count runs down from the initial
 * count at the bus clock divided by the divide configuration; reaching zero signals the
 * LVT timer entry, and periodic mode reloads. Like the PIT it is computed from guest time,
 * not ticked: the count is (initial - elapsed) and a host timer fires at each expiry.
 * TSC-deadline mode is not implemented (CPUID does not advertise it).
 */
export class ApicTimer implements TimerClient {
  readonly bus = new ClockRate(APIC_BUS_HZ);
  initial = 0;
  /** Divide configuration register bits 0, 1, 3. */
  divideConfig = 0;
  periodic = false;
  /** Bus clock at which the count started (initial count written or divider changed). */
  private start = 0;
  private running = false;

  constructor(
    private readonly host: DeviceHost,
    /** Called at each expiry; the APIC delivers the LVT timer vector unless masked. */
    private readonly expire: () => void,
  ) {}

  /** The divisor: 2, 4, ... 128 or 1 for divide configuration 0b1011. */
  divisor(): number {
    const v = (this.divideConfig & 3) | ((this.divideConfig >> 1) & 4);
    return 1 << ((v + 1) & 7);
  }

  /** Timer clocks elapsed since the count started, at guest time `now`. */
  private elapsed(now: number): number {
    return Math.floor((this.bus.ticksAt(now) - this.start) / this.divisor());
  }

  /** The current-count register. */
  current(now: number): number {
    if (!this.running) return 0;
    const e = this.elapsed(now);
    if (this.periodic) return this.initial - (e % this.initial);
    return e >= this.initial ? 0 : this.initial - e;
  }

  /** A write of the initial-count register: restarts the count (0 stops the timer). */
  writeInitial(v: number, now: number): void {
    this.initial = v >>> 0;
    this.start = this.bus.ticksAt(now);
    this.running = this.initial !== 0;
    this.schedule(now);
  }

  /** A new divider takes effect from now: the clocks counted so far stay counted. */
  writeDivide(v: number, now: number): void {
    const e = this.running ? this.elapsed(now) : 0;
    this.divideConfig = v & 0xb;
    this.start = this.bus.ticksAt(now) - e * this.divisor();
    this.schedule(now);
  }

  /** The LVT timer's mode bit changed. */
  setPeriodic(periodic: boolean, now: number): void {
    if (periodic === this.periodic) return;
    this.periodic = periodic;
    // A one-shot count that already ran out stays stopped; a periodic one keeps going.
    if (!periodic && this.running && this.elapsed(now) >= this.initial) this.running = false;
    this.schedule(now);
  }

  /** Stops counting (APIC reset or disabled). */
  stop(): void {
    this.running = false;
    this.initial = 0;
    this.host.cancelTimer(this);
  }

  onTimer(now: number): void {
    if (!this.running) return;
    if (!this.periodic) this.running = false;
    this.expire();
    this.schedule(now);
  }

  /** Sets the host timer to the next time the count reaches zero. */
  private schedule(now: number): void {
    if (!this.running) {
      this.host.cancelTimer(this);
      return;
    }
    const e = this.elapsed(now);
    // The k-th expiry is at k * initial timer clocks; one-shot has only the first.
    const k = this.periodic ? Math.floor(e / this.initial) + 1 : 1;
    if (!this.periodic && e >= this.initial) {
      this.running = false;
      this.host.cancelTimer(this);
      return;
    }
    const busTick = this.start + k * this.initial * this.divisor();
    this.host.setTimer(this, this.bus.instructionAtTick(busTick));
  }

  /** Snapshot state (core/machine/snapshot-fields.ts): the count, its start and mode; the deadline is the timer queue's. */
  saveState(): SavedState {
    return saveFields(this, ['host', 'bus']);
  }

  loadState(s: SavedState): void {
    loadFields(this, s);
  }
}
