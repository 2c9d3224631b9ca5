import { loadFields, saveFields } from '../machine/snapshot-fields.ts';
import type { SavedState } from '../machine/snapshot-fields.ts';
import type { PortBus, PortDevice } from '../io-bus.ts';
import { ClockRate, instructionsFor } from '../time.ts';
import type { DeviceHost, TimerClient } from './device-host.ts';
import { fillCmosMemory } from './cmos-memory.ts';
import {
  CENTURY,
  DAY,
  HOURS,
  MINUTES,
  MONTH,
  SECONDS,
  WEEKDAY,
  YEAR,
  dateField,
  daysFromCivil,
  fromBcd,
  toBcd,
} from './rtc-date.ts';

/** 2024-01-01 00:00:00 UTC: the clock's default start, fixed so runs repeat. */
export const DEFAULT_RTC_START = 1_704_067_200;

const REG_A = 0x0a;
const REG_B = 0x0b;
const REG_C = 0x0c;
const REG_D = 0x0d;
/** Register A: update in progress. Register B: SET, PIE, AIE, UIE, binary, 24-hour. */
const UIP = 0x80;
const SET = 0x80;
const PIE = 0x40;
const AIE = 0x20;
const UIE = 0x10;
const BINARY = 0x04;
const HOUR24 = 0x02;
/** Register C: IRQF and the periodic, alarm and update-ended flags. */
const IRQF = 0x80;
/** UIP rises 244 us (8 cycles of 32.768 kHz) before each update, as QEMU models it. */
const UIP_WINDOW = instructionsFor(8 / 32768);
const DATE_REGISTERS = [SECONDS, MINUTES, HOURS, WEEKDAY, DAY, MONTH, YEAR, CENTURY];

export interface RtcOptions {
  /** Seconds since 1970-01-01 UTC the clock shows at guest time 0. */
  startTime?: number;
  /** Guest RAM in bytes, for the memory-size bytes of CMOS RAM. */
  ramSize: number;
}

/**
 * The MC146818 real-time clock and CMOS RAM at ports 0x70 (index; bit 7 masks NMI) and 0x71
 * (data). The time runs on guest time from a fixed start, so it is the same in every run:
 * the date registers are computed from (start + whole guest seconds) when read, in BCD or
 * binary and 12- or 24-hour form as register B says. Setting B.SET freezes them for the
 * guest to write; clearing it restarts the clock from what was written.
 *
 * Flags in register C: UF at each second, PF at the rate register A selects, AF when the
 * alarm (0xC0-0xFF: don't care) matches at a second; IRQ8 rises when an enabled one is set
 * and falls when C is read. With an interrupt enabled a timer makes this exact; a guest
 * that polls C without enabling interrupts sees PF and UF exactly and AF only when the
 * alarm matches the time at the read. The divider bits of register A are stored only.
 */
export class CmosRtc implements PortDevice, TimerClient {
  readonly ram = new Uint8Array(128);
  index = 0;
  /** Port 0x70 bit 7: NMI masked (stored; nothing here raises NMI through it). */
  nmiDisabled = false;
  private readonly second = new ClockRate(1);
  /** Periodic rates by register A's select bits 1-15 (1 and 2 are 256 and 128 Hz). */
  private readonly rates: ClockRate[] = [];
  /** Seconds since 1970 at guest time 0. */
  private base: number;
  private regA = 0x26;
  private regB = HOUR24;
  private flags = 0;
  private lastSecond = 0;
  private lastPeriodic = 0;
  private irq = false;

  constructor(
    private readonly host: DeviceHost,
    options: RtcOptions,
  ) {
    for (let r = 1; r < 16; r++)
      this.rates[r] = new ClockRate(r <= 2 ? 256 >> (r - 1) : 32768 >> (r - 1));
    this.base = options.startTime ?? DEFAULT_RTC_START;
    fillCmosMemory(this.ram, options.ramSize);
    this.lastSecond = this.second.ticksAt(host.now());
  }

  register(bus: PortBus): void {
    bus.register(0x70, 2, this);
  }

  /** Seconds since 1970 the clock shows at guest time `now`. */
  timeAt(now: number): number {
    return this.base + this.second.ticksAt(now);
  }

  in(port: number, size: number): number {
    let v = 0;
    for (let k = 0; k < size; k++) {
      // The index register is write-only; QEMU reads it as all ones.
      const b = port + k === 0x71 ? this.read(this.index, this.host.now()) : 0xff;
      v |= b << (8 * k);
    }
    return v >>> 0;
  }

  out(port: number, size: number, value: number): void {
    for (let k = 0; k < size; k++) {
      const b = (value >>> (8 * k)) & 0xff;
      if (port + k === 0x70) {
        this.index = b & 0x7f;
        this.nmiDisabled = (b & 0x80) !== 0;
      } else if (port + k === 0x71) this.write(this.index, b, this.host.now());
    }
  }

  onTimer(now: number): void {
    this.refresh(now);
    this.schedule(now);
  }

  read(index: number, now: number): number {
    switch (index) {
      case SECONDS:
      case MINUTES:
      case HOURS:
      case WEEKDAY:
      case DAY:
      case MONTH:
      case YEAR:
      case CENTURY:
        return (this.regB & SET) !== 0 ? this.ram[index] : this.field(index, this.timeAt(now));
      case REG_A:
        return this.regA | (this.updateImminent(now) ? UIP : 0);
      case REG_B:
        return this.regB;
      case REG_C: {
        this.refresh(now);
        const v = this.flags | (this.irq ? IRQF : 0);
        this.flags = 0;
        this.setIrq(false);
        return v;
      }
      case REG_D:
        // Valid RAM and time: the battery is fine.
        return 0x80;
    }
    return this.ram[index];
  }

  write(index: number, v: number, now: number): void {
    switch (index) {
      case SECONDS:
      case MINUTES:
      case HOURS:
      case WEEKDAY:
      case DAY:
      case MONTH:
      case YEAR:
      case CENTURY: {
        const running = (this.regB & SET) === 0;
        if (running) this.freeze(now);
        this.ram[index] = v;
        if (running) this.thaw(now);
        return;
      }
      case REG_A:
        this.regA = v & 0x7f;
        this.lastPeriodic = this.periodicAt(now);
        break;
      case REG_B: {
        this.refresh(now);
        const was = this.regB;
        // SET stops updates and clears UIE.
        this.regB = (v & SET) !== 0 ? v & ~UIE : v;
        if ((was & SET) === 0 && (v & SET) !== 0) this.freeze(now);
        else if ((was & SET) !== 0 && (v & SET) === 0) this.thaw(now);
        this.setIrq((this.flags & this.regB & 0x70) !== 0);
        break;
      }
      case REG_C:
      case REG_D:
        return;
      default:
        this.ram[index] = v;
        return;
    }
    this.schedule(now);
  }

  /** Sets the flags for every update and periodic tick since the last look. */
  private refresh(now: number): void {
    const s = this.second.ticksAt(now);
    if (s !== this.lastSecond && (this.regB & SET) === 0) {
      this.flags |= 0x10;
      if (this.alarmMatches(this.timeAt(now))) this.flags |= 0x20;
    }
    this.lastSecond = s;
    const p = this.periodicAt(now);
    if (p !== this.lastPeriodic) this.flags |= 0x40;
    this.lastPeriodic = p;
    if ((this.flags & this.regB & 0x70) !== 0) this.setIrq(true);
  }

  /** Arms the timer for the next event an enabled interrupt waits for. */
  private schedule(now: number): void {
    let next = Infinity;
    const r = this.regA & 0xf;
    if ((this.regB & PIE) !== 0 && r !== 0)
      next = this.rates[r].instructionAtTick(this.rates[r].ticksAt(now) + 1);
    if ((this.regB & (AIE | UIE)) !== 0 && (this.regB & SET) === 0)
      next = Math.min(next, this.second.instructionAtTick(this.second.ticksAt(now) + 1));
    if (next === Infinity) this.host.cancelTimer(this);
    else this.host.setTimer(this, next);
  }

  private periodicAt(now: number): number {
    const r = this.regA & 0xf;
    return r === 0 ? 0 : this.rates[r].ticksAt(now);
  }

  private updateImminent(now: number): boolean {
    if ((this.regB & SET) !== 0) return false;
    const next = this.second.instructionAtTick(this.second.ticksAt(now) + 1);
    return next - now <= UIP_WINDOW;
  }

  private alarmMatches(t: number): boolean {
    for (let k = 0; k < 3; k++) {
      const a = this.ram[1 + 2 * k];
      if ((a & 0xc0) !== 0xc0 && a !== this.field(2 * k, t)) return false;
    }
    return true;
  }

  /** A date field as the registers show it (register B's format). */
  private field(index: number, t: number): number {
    let v = dateField(t, index);
    let pm = 0;
    if (index === HOURS && (this.regB & HOUR24) === 0) {
      pm = v >= 12 ? 0x80 : 0;
      v = v % 12 === 0 ? 12 : v % 12;
    }
    return ((this.regB & BINARY) !== 0 ? v : toBcd(v)) | pm;
  }

  /** Copies the running time into the registers, for the guest to read and change. */
  private freeze(now: number): void {
    const t = this.timeAt(now);
    for (const i of DATE_REGISTERS) this.ram[i] = this.field(i, t);
  }

  /** Restarts the clock from the registers (the next update is a guest second away). */
  private thaw(now: number): void {
    const num = (i: number, v = this.ram[i]) => ((this.regB & BINARY) !== 0 ? v : fromBcd(v));
    let hour = this.ram[HOURS];
    if ((this.regB & HOUR24) === 0) hour = (num(HOURS, hour & 0x7f) % 12) + (hour & 0x80 ? 12 : 0);
    else hour = num(HOURS);
    const year = num(CENTURY) * 100 + num(YEAR);
    const days = daysFromCivil(year, num(MONTH), num(DAY));
    const t = days * 86400 + hour * 3600 + num(MINUTES) * 60 + num(SECONDS);
    this.lastSecond = this.second.ticksAt(now);
    this.base = t - this.lastSecond;
  }

  private setIrq(level: boolean): void {
    if (level === this.irq) return;
    this.irq = level;
    this.host.setIrq(8, level);
  }

  /** Snapshot state (core/machine/snapshot-fields.ts): CMOS bytes, the clock base and the flags; the rates are constants. */
  saveState(): SavedState {
    return saveFields(this, ['host', 'second', 'rates']);
  }

  loadState(s: SavedState): void {
    loadFields(this, s);
  }
}
