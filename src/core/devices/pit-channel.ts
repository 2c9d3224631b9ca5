import { loadFields, saveFields } from '../machine/snapshot-fields.ts';
import type { SavedState } from '../machine/snapshot-fields.ts';
/**
 * One counter of an Intel 8254 (datasheet 231164), computed from time rather than ticked:
 * given `t`, the PIT clocks elapsed since the count reached the counting element, the
 * count and the OUT level follow from the mode. Nothing runs between accesses, so reads
 * and the timer that drives IRQ0 agree exactly at any instruction.
 *
 * Timing follows the datasheet: a count written at PIT clock c is loaded at clock c + 1
 * (t = 0, counting element = N) and decrements on each clock after. Mode 0 raises OUT at
 * t = N; mode 2 drops OUT for the clock at t = N - 1 of each period and raises it at the
 * reload; mode 3 is high for ceil(N/2) clocks then low for floor(N/2); mode 4 strobes OUT
 * low for the clock at t = N; modes 1 and 5 start counting at a rising GATE edge.
 */
export class PitChannel {
  /** Mode 0-5 (6 and 7 alias 2 and 3). */
  mode = 0;
  bcd = false;
  /** Access mode: 1 LSB only, 2 MSB only, 3 LSB then MSB. */
  rw = 3;
  /** The count N in clocks: 1-65536 (1-10000 in BCD); a written 0 means the maximum. */
  count = 0x10000;
  /** Whether a count was written since the last control word (otherwise OUT holds). */
  armed = false;
  /** PIT clock at which t = 0. */
  start = 0;
  gate = true;
  /** Modes 0 and 4 with GATE low: t frozen at this value (-1: counting). */
  frozen = -1;
  /** Modes 1 and 5: whether GATE has triggered the count. */
  triggered = false;
  /** LSB of a two-byte count write, waiting for its MSB. */
  private writeLow = -1;
  /** Two-byte reads: the next live read returns the MSB. */
  private readHigh = false;
  /** A latched count (counter latch command) and which bytes of it are left to read. */
  private latched = 0;
  private latchState = 0;
  /** A latched status byte (read-back command), or -1. */
  private status = -1;

  /** Clocks since t = 0 at PIT clock `clock`; negative before the count is loaded. */
  elapsed(clock: number): number {
    if (this.frozen >= 0) return this.frozen;
    return clock - this.start;
  }

  /** The OUT pin at PIT clock `clock`. */
  out(clock: number): boolean {
    const n = this.count;
    if (!this.armed) return this.mode !== 0;
    const t = this.elapsed(clock);
    switch (this.mode) {
      case 0:
        return t >= n;
      case 1:
        return !this.triggered || t < 0 || t >= n;
      case 2:
        return !this.gate || t < 0 || n === 1 || t % n !== n - 1;
      case 3:
        return !this.gate || t < 0 || t % n < (n + 1) >> 1;
      default:
        // Modes 4 and 5 strobe OUT low for one clock; mode 5 only once GATE has triggered.
        return (this.mode === 5 && !this.triggered) || t !== n;
    }
  }

  /** The next clock after `clock` at which OUT may change, or Infinity. */
  nextEdge(clock: number): number {
    const n = this.count;
    if (!this.armed || this.frozen >= 0) return Infinity;
    const t = this.elapsed(clock);
    let next: number;
    switch (this.mode) {
      case 0:
      case 1:
        if (this.mode === 1 && !this.triggered) return Infinity;
        next = t < n ? n : Infinity;
        break;
      case 2:
      case 3: {
        if (!this.gate || n === 1) return Infinity;
        if (t < 0) next = this.mode === 2 ? n - 1 : (n + 1) >> 1;
        else {
          const r = t % n;
          const low = this.mode === 2 ? n - 1 : (n + 1) >> 1;
          next = r < low ? t - r + low : t - r + n;
        }
        break;
      }
      default:
        if (this.mode === 5 && !this.triggered) return Infinity;
        next = t < n ? n : t === n ? n + 1 : Infinity;
    }
    return next === Infinity ? Infinity : this.start + next;
  }

  /** The counting element at PIT clock `clock`, as the counter port presents it. */
  value(clock: number): number {
    const n = this.count;
    const t = this.elapsed(clock);
    let v: number;
    if (!this.armed || t < 0) v = n;
    else if (this.mode === 2) v = n - (t % n);
    // Mode 3 decrements by two (exactly so for even counts, as QEMU models it).
    else if (this.mode === 3) v = n - ((2 * t) % n);
    else v = this.bcd ? (((n - t) % 10000) + 10000) % 10000 : (n - t) & 0xffff;
    return this.bcd ? toBcd(v % 10000) : v & 0xffff;
  }

  /** The control word for this counter (not a latch command). */
  control(v: number): void {
    this.rw = (v >> 4) & 3;
    this.mode = (v >> 1) & 7;
    if (this.mode > 5) this.mode -= 4;
    this.bcd = (v & 1) !== 0;
    this.armed = false;
    this.triggered = false;
    this.frozen = -1;
    this.writeLow = -1;
    this.readHigh = false;
  }

  /** A byte written to the counter port at PIT clock `clock`; true when a count was loaded. */
  writeByte(v: number, clock: number): boolean {
    let n: number;
    if (this.rw === 1) n = v;
    else if (this.rw === 2) n = v << 8;
    else if (this.writeLow < 0) {
      this.writeLow = v;
      return false;
    } else {
      n = this.writeLow | (v << 8);
      this.writeLow = -1;
    }
    this.load(n, clock);
    return true;
  }

  /** A byte read from the counter port: latched status, latched count, or the live count. */
  readByte(clock: number): number {
    if (this.status >= 0) {
      const s = this.status;
      this.status = -1;
      return s;
    }
    if (this.latchState !== 0) {
      const v = this.latched;
      if (this.latchState === 3) {
        this.latchState = 2;
        return v & 0xff;
      }
      const b = this.latchState === 2 ? v >> 8 : v & 0xff;
      this.latchState = 0;
      return b;
    }
    const v = this.value(clock);
    if (this.rw === 1) return v & 0xff;
    if (this.rw === 2) return v >> 8;
    this.readHigh = !this.readHigh;
    return this.readHigh ? v & 0xff : v >> 8;
  }

  /** Counter latch command: a later latch is ignored until this one has been read. */
  latchCount(clock: number): void {
    if (this.latchState !== 0) return;
    this.latched = this.value(clock);
    this.latchState = this.rw === 1 ? 1 : this.rw;
  }

  /** Read-back status: OUT, NULL COUNT, RW, mode, BCD. */
  latchStatus(clock: number): void {
    if (this.status >= 0) return;
    const nullCount = !this.armed || this.elapsed(clock) < 0;
    this.status =
      (this.out(clock) ? 0x80 : 0) |
      (nullCount ? 0x40 : 0) |
      (this.rw << 4) |
      (this.mode << 1) |
      (this.bcd ? 1 : 0);
  }

  /** GATE input (channel 2: port 0x61 bit 0; channels 0 and 1 are tied high). */
  setGate(high: boolean, clock: number): void {
    if (high === this.gate) return;
    this.gate = high;
    if (!this.armed) return;
    if (this.mode === 0 || this.mode === 4) {
      // GATE low suspends counting; high resumes it on the next clock.
      if (!high) this.frozen = Math.max(0, this.elapsed(clock));
      else {
        this.start = clock + 1 - this.frozen;
        this.frozen = -1;
      }
    } else if (high) {
      // A rising edge (re)starts modes 1, 5 (trigger) and 2, 3 (reload).
      this.start = clock + 1;
      this.triggered = true;
    }
  }

  private load(raw: number, clock: number): void {
    const n = this.bcd ? fromBcd(raw) : raw;
    this.count = n === 0 ? (this.bcd ? 10000 : 0x10000) : n;
    this.armed = true;
    this.triggered = false;
    this.start = clock + 1;
    this.frozen = !this.gate && (this.mode === 0 || this.mode === 4) ? 0 : -1;
  }

  /** Snapshot state (core/machine/snapshot-fields.ts): every field. */
  saveState(): SavedState {
    return saveFields(this);
  }

  loadState(s: SavedState): void {
    loadFields(this, s);
  }
}

function toBcd(v: number): number {
  return (
    (v % 10) |
    ((((v / 10) % 10) | 0) << 4) |
    ((((v / 100) % 10) | 0) << 8) |
    (((v / 1000) | 0) << 12)
  );
}

function fromBcd(v: number): number {
  return (v & 0xf) + ((v >> 4) & 0xf) * 10 + ((v >> 8) & 0xf) * 100 + ((v >> 12) & 0xf) * 1000;
}
