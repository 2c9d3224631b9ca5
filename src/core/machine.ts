import { Cpu } from './cpu/cpu.ts';
import { IF } from './cpu/flags.ts';
import { GuestExceptionSink } from './cpu/interrupts/deliver.ts';
import type { AcpiPm } from './devices/acpi-pm.ts';
import type { CmosRtc } from './devices/cmos-rtc.ts';
import type { DeviceEvent } from './devices/device-host.ts';
import type { DualPic } from './devices/dual-pic.ts';
import type { IoApic } from './devices/ioapic.ts';
import type { LocalApic } from './devices/lapic.ts';
import type { Pit8254 } from './devices/pit8254.ts';
import { PortBus } from './io-bus.ts';
import { Chipset } from './machine/chipset.ts';
import { applyBiosState } from './machine/firmware.ts';
import { MachineHost } from './machine/host.ts';
import { resolveMachineOptions } from './machine/options.ts';
import type { MachineOptions } from './machine/options.ts';
import { DeviceRegistry } from './machine/registry.ts';
import { captureMachine, restoreMachine } from './machine/snapshot.ts';
import type { MachineSnapshot } from './machine/snapshot.ts';
import type { RamImage } from './machine/snapshot-ram.ts';
import { PhysicalMemory } from './memory/physical-memory.ts';
import type { MmioDevice } from './memory/physical-memory.ts';

export type { DeviceFactory, MachineOptions } from './machine/options.ts';
export type { MachineSnapshot } from './machine/snapshot.ts';

/**
 * Why run() returned: its budget of guest time is used; the CPU is halted and nothing can
 * ever wake it; a triple fault shut it down (cpu.shutdown holds the chain); the guest asked
 * to exit (isa-debug-exit), to reset (0xcf9, the 8042, port 0x92: the caller decides what a
 * reset means) or to power off (ACPI S5); or stop() was called.
 */
export type StopReason =
  'budget' | 'halted-forever' | 'triple-fault' | 'exit' | 'reset' | 'poweroff' | 'stopped';

export interface RunResult {
  reason: StopReason;
  /** Guest time that passed: instructions retired plus time skipped while halted. */
  elapsed: number;
  /** Instructions retired. */
  retired: number;
  /** The event that stopped the machine (exit, reset, poweroff). */
  event?: DeviceEvent;
}

/**
 * The emulated PC: RAM, the port bus, the CPU, the chipset (chipset.ts) and whatever devices
 * the options plug in, driven by run(budget).
 *
 * Guest time is Cpu.icount, the instruction count. The CPU runs in slices that end exactly
 * at the next timer deadline; due timers fire between slices, in deadline order. When the
 * CPU is halted with nothing to deliver, guest time skips to the next deadline: icount then
 * counts idle time too, so it is the guest clock rather than a count of instructions, and
 * now(), the TSC and every device clock read it. Any slicing of the same total budget gives
 * bit-identical machines.
 */
export class Machine {
  readonly mem: PhysicalMemory;
  readonly io = new PortBus();
  readonly cpu: Cpu;
  /** What devices are written against; pass it to devices built outside the constructor. */
  readonly host: MachineHost;
  readonly devices = new DeviceRegistry();
  readonly pic: DualPic;
  readonly pit: Pit8254;
  readonly lapic: LocalApic;
  readonly ioapic: IoApic;
  readonly rtc: CmosRtc;
  readonly pm: AcpiPm;
  private readonly chipset: Chipset;
  private readonly listeners: ((e: DeviceEvent) => void)[] = [];
  /** A stop a device or stop() asked for, taken at the next instruction boundary. */
  private pending: { reason: StopReason; event?: DeviceEvent } | null = null;
  /** The RAM image guest RAM equalled when its written marks were last cleared. */
  private ramBase: RamImage | null = null;

  constructor(options: MachineOptions = {}) {
    const o = resolveMachineOptions(options);
    this.mem = new PhysicalMemory(o.ramSize, o.ramBuffer);
    this.cpu = new Cpu(this.mem, this.io, new GuestExceptionSink());
    this.host = new MachineHost(
      this.cpu,
      (line, level) => this.chipset.routeIrq(line, level),
      (e) => this.dispatch(e),
    );
    const c = (this.chipset = new Chipset(this.cpu, this.mem, this.io, this.host, o));
    this.pic = c.pic;
    this.pit = c.pit;
    this.lapic = c.lapic;
    this.ioapic = c.ioapic;
    this.rtc = c.rtc;
    this.pm = c.pm;
    const d = this.devices;
    d.add('pic', c.pic);
    d.add('pit', c.pit);
    d.add('lapic', c.lapic);
    d.add('ioapic', c.ioapic);
    d.add('rtc', c.rtc);
    d.add('acpi-pm', c.pm);
    if (o.bios) applyBiosState(c, this.io);
    for (const attach of o.devices) attach(this.host, this);
  }

  /** Listens to device events (serial output, exit, reset...); returns the unsubscribe. */
  onEvent(listener: (e: DeviceEvent) => void): () => void {
    this.listeners.push(listener);
    return () => {
      const i = this.listeners.indexOf(listener);
      if (i >= 0) this.listeners.splice(i, 1);
    };
  }

  /** Maps an MMIO device, refusing a range RAM would hide. */
  mapMmio(base: number, length: number, device: MmioDevice): void {
    if (this.mem.overlapsRam(base, length))
      throw new RangeError(`MMIO at 0x${base.toString(16)} lies inside RAM`);
    this.mem.mapMmio(base, length, device);
  }

  /** Makes run() return 'stopped' after the running instruction (or at once, if not running). */
  stop(): void {
    this.pending ??= { reason: 'stopped' };
    this.host.endSlice();
  }

  /**
   * The whole machine state as plain data (machine/snapshot.ts), between run() calls. RAM is
   * copy-on-write by pages: pages not written since the previous snapshot or restore are
   * shared with it. Writes to guest RAM that bypass PhysicalMemory.write and the CPU must
   * set PhysicalMemory.written, or happen before the first snapshot.
   */
  snapshot(): MachineSnapshot {
    if (this.host.sliceEnd >= 0) throw new Error('snapshot() during run()');
    const s = captureMachine(this.snapshotParts(), this.ramBase);
    this.ramBase = s.ram;
    return s;
  }

  /** Puts the machine back in a snapshot's state; it must be configured as the one it came from. */
  restore(s: MachineSnapshot): void {
    if (this.host.sliceEnd >= 0) throw new Error('restore() during run()');
    restoreMachine(this.snapshotParts(), s, this.ramBase);
    this.ramBase = s.ram;
    this.pending = null;
  }

  private snapshotParts() {
    const { cpu, mem, devices, lapic } = this;
    return { cpu, mem, devices, lapic, timers: this.host.timers };
  }

  /** Runs until `budget` instructions of guest time have passed or the machine stops. */
  run(budget: number): RunResult {
    const cpu = this.cpu;
    const start = cpu.now();
    const end = start + budget;
    let retired = 0;
    let reason: StopReason;
    for (;;) {
      if (cpu.shutdown !== null) {
        reason = 'triple-fault';
        break;
      }
      this.fireDueTimers();
      if (this.pending !== null) return this.stopWith(start, retired);
      const now = cpu.now();
      if (now >= end) {
        reason = 'budget';
        break;
      }
      const next = this.host.timers.next();
      this.host.sliceEnd = Math.min(end, next);
      // A slice ending at the caller's budget (not at a timer) leaves a cut block to finish.
      const n = cpu.run(this.host.sliceEnd - now, end < next);
      this.host.sliceEnd = -1;
      retired += n;
      if (cpu.stopRequested && cpu.shutdown === null) {
        // Someone outside stopped the CPU directly: report it and let the next run go on.
        cpu.stopRequested = false;
        this.pending ??= { reason: 'stopped' };
      }
      if (this.pending !== null) return this.stopWith(start, retired);
      if (n === 0 && cpu.halted && cpu.shutdown === null) {
        const wake = this.idleUntil(end);
        if (wake < 0) {
          reason = 'halted-forever';
          break;
        }
        cpu.icount[0] = wake;
      }
    }
    return { reason, elapsed: cpu.now() - start, retired };
  }

  private fireDueTimers(): void {
    const now = this.cpu.now();
    const q = this.host.timers;
    for (let t = q.popDue(now); t !== null; t = q.popDue(now)) t.onTimer(now);
  }

  /**
   * Where guest time goes while the CPU waits in hlt: to the next deadline (at most `end`),
   * or -1 when nothing can ever happen again. With IF set any timer may bring an interrupt.
   * With IF clear only an NMI wakes the CPU, so the machine lives on only while the I/O
   * APIC can route one, or while timers of devices other than the chipset's interrupt
   * sources are pending (they may still emit output).
   */
  private idleUntil(end: number): number {
    const q = this.host.timers;
    const next = q.next();
    const canWake = (this.cpu.flags & IF) !== 0 || this.ioapic.routesNmi();
    if (next === Infinity || (!canWake && !q.hasLoudTimer())) return -1;
    return Math.min(next, end);
  }

  private stopWith(start: number, retired: number): RunResult {
    const p = this.pending!;
    this.pending = null;
    return { reason: p.reason, elapsed: this.cpu.now() - start, retired, event: p.event };
  }

  private dispatch(e: DeviceEvent): void {
    if (e.kind === 'exit' || e.kind === 'reset' || e.kind === 'poweroff') {
      this.pending ??= { reason: e.kind, event: e };
      this.host.endSlice();
    }
    for (const l of this.listeners) l(e);
  }
}
