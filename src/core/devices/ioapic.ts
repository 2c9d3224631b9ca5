import type { MmioDevice } from '../memory/physical-memory.ts';
import { loadFields, saveFields } from '../machine/snapshot-fields.ts';
import type { SavedState } from '../machine/snapshot-fields.ts';

export const IOAPIC_BASE = 0xfec00000;
export const IOAPIC_PINS = 24;
/** Version 0x20 with 24 entries, as QEMU's I/O APIC reports (0x20 adds the EOI register). */
const VERSION = 0x20 | ((IOAPIC_PINS - 1) << 16);
const MASKED = 1 << 16;
const LEVEL = 1 << 15;
const REMOTE_IRR = 1 << 14;
/** Bits software writes in the low dword: vector, delivery mode, destination mode,
 * polarity, trigger mode, mask (delivery status and remote IRR are read-only). */
const WRITABLE_LO = 0x1afff;

/** Where the I/O APIC sends its messages: the local APIC (see LocalApic.deliver). */
export interface ApicBus {
  deliver(vector: number, mode: number, logical: boolean, dest: number, level: boolean): boolean;
}

/**
 * The I/O APIC (Intel 82093AA datasheet) at 0xfec00000: IOREGSEL at +0x00, IOWIN at +0x10,
 * the EOI register of version 0x20 at +0x40. Registers: 0 ID, 1 version, 2 arbitration,
 * 0x10 + 2n / 0x11 + 2n the low and high dwords of redirection entry n (24 of them, masked
 * at reset).
 *
 * Pin n is GSI n; the machine wires ISA IRQ n to pin n except IRQ0 (the PIT) to pin 2, as the
 * MADT's interrupt source override says. Edge-triggered pins deliver on a rising edge; an
 * edge on a masked pin is lost (82093AA; QEMU too). Level-triggered pins deliver while
 * asserted with remote IRR clear, set remote IRR, and deliver again after the local APIC's
 * EOI if the line is still up, or when unmasked while it is up. Polarity is stored but not
 * applied (ISA and the ACPI SCI are active high, and QEMU ignores it too).
 */
export class IoApic implements MmioDevice {
  id = 0;
  regSel = 0;
  readonly lo = new Int32Array(IOAPIC_PINS);
  readonly hi = new Int32Array(IOAPIC_PINS);
  /** Pin levels as driven. */
  private levels = 0;
  /** Rising edges on unmasked pins not yet delivered. */
  private edges = 0;

  constructor(private readonly bus: ApicBus) {
    this.reset();
  }

  reset(): void {
    this.lo.fill(MASKED);
    this.hi.fill(0);
    this.regSel = 0;
    this.id = 0;
    this.edges = 0;
  }

  /** Drives pin `pin` (0-23). */
  setPin(pin: number, level: boolean): void {
    const bit = 1 << pin;
    if (level) {
      if ((this.levels & bit) === 0 && (this.lo[pin] & MASKED) === 0) this.edges |= bit;
      this.levels |= bit;
      this.service(pin);
    } else this.levels &= ~bit;
  }

  /** Whether an unmasked entry delivers as NMI (a device line could then wake a halted CPU). */
  routesNmi(): boolean {
    for (let pin = 0; pin < IOAPIC_PINS; pin++)
      if ((this.lo[pin] & (MASKED | 0x700)) === 0x400) return true;
    return false;
  }

  /** The local APIC's EOI broadcast for a level-triggered vector. */
  eoi(vector: number): void {
    for (let pin = 0; pin < IOAPIC_PINS; pin++) {
      const e = this.lo[pin];
      if ((e & 0xff) !== vector || (e & REMOTE_IRR) === 0) continue;
      this.lo[pin] = e & ~REMOTE_IRR;
      this.service(pin);
    }
  }

  read(offset: number, size: number): number {
    let v: number;
    if (offset === 0x00) v = this.regSel;
    else if (offset >= 0x10 && offset < 0x14)
      v = this.readRegister(this.regSel) >>> ((offset & 3) * 8);
    else v = 0;
    return size === 4 ? v >>> 0 : v & ((1 << (size * 8)) - 1);
  }

  write(offset: number, size: number, value: number): void {
    if (offset === 0x00) this.regSel = value & 0xff;
    else if (offset === 0x10 && size === 4) this.writeRegister(this.regSel, value | 0);
    else if (offset === 0x40 && size === 4) this.eoi(value & 0xff);
  }

  private readRegister(index: number): number {
    if (index >= 0x10 && index < 0x10 + 2 * IOAPIC_PINS) {
      const pin = (index - 0x10) >> 1;
      return (index & 1) === 0 ? this.lo[pin] : this.hi[pin];
    }
    if (index === 0) return this.id << 24;
    if (index === 1) return VERSION;
    if (index === 2) return this.id << 24;
    return 0;
  }

  private writeRegister(index: number, v: number): void {
    if (index === 0) {
      this.id = (v >>> 24) & 0xf;
      return;
    }
    if (index < 0x10 || index >= 0x10 + 2 * IOAPIC_PINS) return;
    const pin = (index - 0x10) >> 1;
    if ((index & 1) === 1) {
      this.hi[pin] = v & 0xff000000;
      return;
    }
    let e = (v & WRITABLE_LO) | (this.lo[pin] & REMOTE_IRR);
    // An entry switched to edge loses a stale remote IRR (Linux relies on it; so does QEMU).
    if ((e & LEVEL) === 0) e &= ~REMOTE_IRR;
    this.lo[pin] = e;
    this.service(pin);
  }

  /** Sends what pin `pin` has to send, if its entry lets it. */
  private service(pin: number): void {
    const e = this.lo[pin];
    if ((e & MASKED) !== 0) return;
    const bit = 1 << pin;
    if ((e & LEVEL) !== 0) {
      this.edges &= ~bit;
      if ((this.levels & bit) === 0 || (e & REMOTE_IRR) !== 0) return;
      this.lo[pin] = e | REMOTE_IRR;
    } else {
      if ((this.edges & bit) === 0) return;
      this.edges &= ~bit;
    }
    const mode = (e >> 8) & 7;
    this.bus.deliver(e & 0xff, mode, (e & 0x800) !== 0, this.hi[pin] >>> 24, (e & LEVEL) !== 0);
  }

  /** Snapshot state (core/machine/snapshot-fields.ts): the redirection table, pin levels and edges not yet delivered. */
  saveState(): SavedState {
    return saveFields(this, ['bus']);
  }

  loadState(s: SavedState): void {
    loadFields(this, s);
  }
}
