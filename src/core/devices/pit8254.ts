import type { PortBus, PortDevice } from '../io-bus.ts';
import { ClockRate } from '../time.ts';
import type { DeviceHost, TimerClient } from './device-host.ts';
import { PitChannel } from './pit-channel.ts';
import { loadFields, saveFields } from '../machine/snapshot-fields.ts';
import type { SavedState } from '../machine/snapshot-fields.ts';

/** The PIT's input clock: 14.31818 MHz / 12, the same on every PC since the first. */
export const PIT_HZ = 1_193_182;
/** DRAM refresh: channel 1 at count 18 toggles port 0x61 bit 4 every 15.08 us. */
const REFRESH_DIVISOR = 18;

/**
 * The 8254 programmable interval timer at 0x40-0x43 and the PC's system control port B at
 * 0x61 (channel 2's GATE in bit 0, the speaker enable in bit 1, the refresh toggle in bit 4,
 * channel 2's OUT in bit 5), which kernels use to calibrate their clocks.
 *
 * Channel 0's OUT drives IRQ0: a timer fires at each OUT transition and sets the line to
 * the new level, so the 8259 sees the rising edges and the I/O APIC (pin 2) the same.
 * Counter values are computed from guest time when read (see pit-channel.ts).
 */
export class Pit8254 implements PortDevice, TimerClient {
  readonly channels = [new PitChannel(), new PitChannel(), new PitChannel()];
  readonly clock = new ClockRate(PIT_HZ);
  /** Port 0x61 bits 0-3 as last written. */
  private portB = 0;
  private irqLevel = false;

  constructor(private readonly host: DeviceHost) {
    // Channel 2's GATE is port 0x61 bit 0, low at reset.
    this.channels[2].gate = false;
  }

  register(bus: PortBus): void {
    bus.register(0x40, 4, this);
    bus.register(0x61, 1, this);
  }

  /** PIT clocks elapsed at guest time `now`. */
  clockAt(now: number): number {
    return this.clock.ticksAt(now);
  }

  in(port: number, size: number): number {
    const c = this.clockAt(this.host.now());
    let v = 0;
    for (let k = 0; k < size; k++) v |= this.readByte(port + k, c) << (8 * k);
    return v >>> 0;
  }

  out(port: number, size: number, value: number): void {
    const c = this.clockAt(this.host.now());
    for (let k = 0; k < size; k++) this.writeByte(port + k, (value >>> (8 * k)) & 0xff, c);
  }

  onTimer(now: number): void {
    this.updateIrq0(this.clockAt(now));
  }

  private readByte(port: number, c: number): number {
    if (port >= 0x40 && port <= 0x42) return this.channels[port - 0x40].readByte(c);
    if (port === 0x61) {
      const refresh = Math.floor(c / REFRESH_DIVISOR) & 1;
      return this.portB | (refresh << 4) | (this.channels[2].out(c) ? 0x20 : 0);
    }
    // The control word register cannot be read.
    return 0xff;
  }

  private writeByte(port: number, v: number, c: number): void {
    if (port >= 0x40 && port <= 0x42) {
      const ch = port - 0x40;
      if (this.channels[ch].writeByte(v, c) && ch === 0) this.updateIrq0(c);
    } else if (port === 0x43) this.command(v, c);
    else if (port === 0x61) {
      this.portB = v & 0x0f;
      this.channels[2].setGate((v & 1) !== 0, c);
    }
  }

  /** Port 0x43: a control word, a counter latch command, or a read-back command. */
  private command(v: number, c: number): void {
    const sel = v >> 6;
    if (sel === 3) {
      // Read-back: bits 3-1 select channels 2-0; bit 5 clear latches counts, bit 4 status.
      for (let ch = 0; ch < 3; ch++) {
        if ((v & (2 << ch)) === 0) continue;
        if ((v & 0x20) === 0) this.channels[ch].latchCount(c);
        if ((v & 0x10) === 0) this.channels[ch].latchStatus(c);
      }
      return;
    }
    const chan = this.channels[sel];
    if ((v & 0x30) === 0) {
      chan.latchCount(c);
      return;
    }
    chan.control(v);
    if (sel === 0) this.updateIrq0(c);
  }

  /** Drives IRQ0 from channel 0's OUT at clock `c` and schedules the next transition. */
  private updateIrq0(c: number): void {
    const ch = this.channels[0];
    const level = ch.out(c);
    if (level !== this.irqLevel) {
      this.irqLevel = level;
      this.host.setIrq(0, level);
    }
    const next = ch.nextEdge(c);
    if (next === Infinity) this.host.cancelTimer(this);
    else this.host.setTimer(this, this.clock.instructionAtTick(next));
  }

  /** Snapshot state: port B, the IRQ0 level and the three counters; the timer is the queue's. */
  saveState(): SavedState {
    const fields = saveFields(this, ['host', 'clock', 'channels']);
    return { ...fields, channels: this.channels.map((c) => c.saveState()) };
  }

  loadState(s: SavedState): void {
    loadFields(this, s);
    const channels = s.channels as SavedState[];
    this.channels.forEach((c, k) => c.loadState(channels[k]));
  }
}
