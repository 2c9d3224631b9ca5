import type { Cpu } from '../cpu/cpu.ts';
import { AcpiPm } from '../devices/acpi-pm.ts';
import { CmosRtc } from '../devices/cmos-rtc.ts';
import { DualPic } from '../devices/dual-pic.ts';
import { IOAPIC_BASE, IoApic } from '../devices/ioapic.ts';
import { LAPIC_BASE, LocalApic } from '../devices/lapic.ts';
import { Pit8254 } from '../devices/pit8254.ts';
import type { PortBus } from '../io-bus.ts';
import type { PhysicalMemory } from '../memory/physical-memory.ts';
import type { MachineHost } from './host.ts';

/**
 * The PC chipset the Machine owns: the 8259 pair, the 8254 (and port 0x61), the local APIC
 * as the CPU's interrupt controller, the I/O APIC, the RTC/CMOS and the ACPI PM registers,
 * wired as on a PC:
 *
 *   ISA IRQ n ──┬─► 8259 pair (IRQ2 is the cascade) ──INT──► LAPIC LINT0 (ExtINT) ──► CPU
 *               └─► I/O APIC pin n (IRQ0 to pin 2) ──messages──► LAPIC
 *   LAPIC EOI of a level-triggered vector ──► I/O APIC (remote IRR)
 */
export class Chipset {
  readonly pic = new DualPic();
  readonly pit: Pit8254;
  readonly lapic: LocalApic;
  readonly ioapic: IoApic;
  readonly rtc: CmosRtc;
  readonly pm: AcpiPm;

  constructor(cpu: Cpu, mem: PhysicalMemory, io: PortBus, host: MachineHost, o: ChipsetOptions) {
    this.lapic = new LocalApic(cpu, this.pic, host);
    this.ioapic = new IoApic(this.lapic);
    this.pit = new Pit8254(host);
    this.rtc = new CmosRtc(host, { startTime: o.rtcStart, ramSize: o.ramSize });
    this.pm = new AcpiPm(host);
    this.pic.onRaise = () => this.lapic.picRaised();
    this.lapic.onLevelEoi = (v) => this.ioapic.eoi(v);
    cpu.interrupts.controller = this.lapic;
    this.pic.register(io);
    this.pit.register(io);
    this.rtc.register(io);
    this.pm.register(io);
    mem.mapMmio(LAPIC_BASE, 0x1000, this.lapic);
    mem.mapMmio(IOAPIC_BASE, 0x1000, this.ioapic);
    // These timers only raise interrupts: they cannot wake a CPU halted with IF clear.
    for (const t of [this.pit, this.lapic.timer, this.rtc, this.pm]) host.timers.setQuiet(t);
  }

  /** An ISA line to both controllers. IRQ2 is not a device line on a PC and goes nowhere. */
  routeIrq(line: number, level: boolean): void {
    if (line === 2) return;
    this.pic.setIrq(line, level);
    // The PIT's IRQ0 is the I/O APIC's pin 2 (the MADT's interrupt source override).
    this.ioapic.setPin(line === 0 ? 2 : line, level);
  }
}

export interface ChipsetOptions {
  ramSize: number;
  rtcStart: number;
}
