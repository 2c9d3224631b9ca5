import type { Cpu } from '../cpu/cpu.ts';
import type { DeviceEvent, DeviceHost, TimerClient } from '../devices/device-host.ts';
import { TimerQueue } from '../devices/timer-queue.ts';

/** Where ISA interrupt lines go: the 8259 pair and the I/O APIC (see Machine). */
export type IrqRouter = (line: number, level: boolean) => void;

/**
 * The DeviceHost the Machine gives its devices: guest time is the CPU's instruction count,
 * timers go into one deterministic queue, IRQ lines to the interrupt controllers, events to
 * the Machine's listeners.
 *
 * Timers fire at instruction boundaries only, between the Machine's slices of CPU time. A
 * deadline is therefore at least one instruction after the moment it is set (`now() + 1`):
 * set during an instruction, the soonest it can fire is after that instruction; set from a
 * timer callback, one instruction later (which also keeps a device that re-arms at `now`
 * from firing forever). A deadline set inside the slice the CPU is running ends the slice
 * after the current instruction, so the Machine can cut a new one that ends on it.
 */
export class MachineHost implements DeviceHost {
  readonly timers = new TimerQueue();
  /** Guest time at which the running slice ends; -1 while the CPU is not running. */
  sliceEnd = -1;

  constructor(
    private readonly cpu: Cpu,
    private readonly route: IrqRouter,
    private readonly dispatch: (e: DeviceEvent) => void,
  ) {}

  now(): number {
    return this.cpu.now();
  }

  setTimer(client: TimerClient, at: number): void {
    const t = Math.max(at, this.cpu.now() + 1);
    this.timers.set(client, t);
    if (this.sliceEnd < 0) return;
    // A deadline set by the running instruction ends its block wherever the slice ends, so
    // where blocks end does not depend on how the caller sliced the run.
    this.cpu.endBlock();
    if (t < this.sliceEnd) this.cpu.yieldRequested = true;
  }

  cancelTimer(client: TimerClient): void {
    this.timers.cancel(client);
  }

  setIrq(line: number, level: boolean): void {
    if (line < 0 || line > 15) throw new RangeError(`ISA IRQ ${line} does not exist`);
    this.route(line, level);
  }

  emit(event: DeviceEvent): void {
    this.dispatch(event);
  }

  /**
   * Makes Cpu.run return after the running instruction (no-op between slices), for a stop
   * from outside the guest: the block it cuts is finished by the next run.
   */
  endSlice(): void {
    if (this.sliceEnd < 0) return;
    this.cpu.yieldRequested = true;
    this.cpu.cutBlock();
  }
}
