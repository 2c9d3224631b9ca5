import type { PortBus, PortDevice } from '../io-bus.ts';
import { ClockRate } from '../time.ts';
import type { DeviceHost, TimerClient } from './device-host.ts';
import { loadFields, saveFields } from '../machine/snapshot-fields.ts';
import type { SavedState } from '../machine/snapshot-fields.ts';

/**
 * Where the ACPI fixed registers live, as on QEMU's PIIX4 (PM base 0x600): PM1a_EVT_BLK
 * (status, enable) at 0x600, PM1a_CNT_BLK at 0x604, PM_TMR_BLK at 0x608. The FADT
 * (acpi-tables.ts) describes exactly these.
 */
export const PM1A_EVT = 0x600;
export const PM1A_CNT = 0x604;
export const PM_TMR = 0x608;
/** The PM timer's frequency, fixed by the ACPI specification (4.8.3.3). */
export const PM_TIMER_HZ = 3_579_545;
/** The SCI is ISA IRQ 9, level-triggered, active high (the MADT says so). */
export const SCI_IRQ = 9;
/** SLP_TYP of S5 in the DSDT's \_S5 package: 0, as on QEMU, where outw(0x604, 0x2000)
 * powers off; hobby kernels rely on that line. */
export const SLP_TYP_S5 = 0;

/** PM1 status/enable bits: timer carry, global lock, power and sleep buttons, RTC alarm. */
const TMR_STS = 1 << 0;
const STS_ENABLES = 0x0721;
/** PM1 control: SCI_EN, SLP_TYP (12:10), SLP_EN (13, write-only). */
const SCI_EN = 1 << 0;
const SLP_EN = 1 << 13;
/** TMR_STS is set each time bit 23 of the (24-bit) counter changes. */
const CARRY = 1 << 23;

/**
 * The ACPI PM timer and PM1 registers: the free-running 24-bit timer at 3.579545 MHz from
 * guest time, TMR_STS with an SCI (IRQ 9) when enabled, write-one-to-clear status bits, and
 * SLP_EN with S5's SLP_TYP turning the machine off. SCI_EN is set from the start: the FADT
 * has no SMI command port, which tells the OS ACPI mode is always on.
 */
export class AcpiPm implements PortDevice, TimerClient {
  readonly clock = new ClockRate(PM_TIMER_HZ);
  sts = 0;
  en = 0;
  cnt = SCI_EN;
  /** The counter's bit-23 period (ticks >> 23) when TMR_STS was last cleared. */
  private carryCleared: number;
  private sci = false;

  constructor(private readonly host: DeviceHost) {
    this.carryCleared = this.carryAt(host.now());
  }

  register(bus: PortBus): void {
    bus.register(PM1A_EVT, 12, this);
  }

  /** The PM timer's value at guest time `now`. */
  timerAt(now: number): number {
    return this.clock.ticksAt(now) % 0x1000000;
  }

  in(port: number, size: number): number {
    const now = this.host.now();
    let v = 0;
    for (let k = 0; k < size; k++) v |= this.readByte(port + k - PM1A_EVT, now) << (8 * k);
    return v >>> 0;
  }

  out(port: number, size: number, value: number): void {
    const now = this.host.now();
    for (let k = 0; k < size; k++)
      this.writeByte(port + k - PM1A_EVT, (value >>> (8 * k)) & 0xff, now);
    this.updateSci(now);
  }

  onTimer(now: number): void {
    this.updateSci(now);
  }

  private readByte(off: number, now: number): number {
    if (off < 2) return (this.status(now) >> (8 * off)) & 0xff;
    if (off < 4) return (this.en >> (8 * (off - 2))) & 0xff;
    if (off < 6) return (this.cnt >> (8 * (off - 4))) & 0xff;
    if (off >= 8) return (this.timerAt(now) >> (8 * (off - 8))) & 0xff;
    return 0xff;
  }

  private writeByte(off: number, v: number, now: number): void {
    const shift = 8 * (off & 1);
    if (off < 2) {
      // Status bits clear where a one is written.
      const clear = v << shift;
      if ((clear & TMR_STS) !== 0) this.carryCleared = this.carryAt(now);
      this.sts &= ~clear;
    } else if (off < 4) this.en = ((this.en & ~(0xff << shift)) | (v << shift)) & STS_ENABLES;
    else if (off < 6) {
      const cnt = (this.cnt & ~(0xff << shift)) | (v << shift);
      this.cnt = cnt & ~SLP_EN;
      if ((cnt & SLP_EN) !== 0 && ((cnt >> 10) & 7) === SLP_TYP_S5)
        this.host.emit({ kind: 'poweroff', source: 'ACPI S5 (PM1a_CNT.SLP_EN)' });
    }
  }

  /** PM1 status with TMR_STS as the counter has carried since it was cleared. */
  private status(now: number): number {
    return this.sts | (this.carryAt(now) !== this.carryCleared ? TMR_STS : 0);
  }

  private carryAt(now: number): number {
    return Math.floor(this.clock.ticksAt(now) / CARRY);
  }

  /** Drives the SCI from status & enable and arms the timer for the next carry if enabled. */
  private updateSci(now: number): void {
    const level = (this.cnt & SCI_EN) !== 0 && (this.status(now) & this.en & STS_ENABLES) !== 0;
    if (level !== this.sci) {
      this.sci = level;
      this.host.setIrq(SCI_IRQ, level);
    }
    if ((this.en & TMR_STS) !== 0 && !level)
      this.host.setTimer(this, this.clock.instructionAtTick((this.carryAt(now) + 1) * CARRY));
    else this.host.cancelTimer(this);
  }

  /** Snapshot state (core/machine/snapshot-fields.ts): the PM1 registers, the TMR_STS reference period and the SCI level. */
  saveState(): SavedState {
    return saveFields(this, ['host', 'clock']);
  }

  loadState(s: SavedState): void {
    loadFields(this, s);
  }
}
