/**
 * What a device sees of the machine it is plugged into. Devices are written against this
 * interface only, so they run the same under the Machine, in unit tests with a fake host,
 * and in the browser worker.
 */
export interface DeviceHost {
  /** Guest time: the instruction count (see time.ts). */
  now(): number;
  /** Calls client.onTimer(now) once guest time reaches `at`; replaces the client's earlier request. */
  setTimer(client: TimerClient, at: number): void;
  cancelTimer(client: TimerClient): void;
  /** Drives ISA interrupt line 0-15 (routed to the 8259 pair and the I/O APIC). Edge-triggered
   * devices raise then lower it. */
  setIrq(line: number, level: boolean): void;
  /** Tells the outside world something happened (serial output, exit request, reset). */
  emit(event: DeviceEvent): void;
}

export interface TimerClient {
  onTimer(now: number): void;
}

/** Named events devices emit; the Machine forwards them to its listeners (UI, CLI, tests). */
export type DeviceEvent =
  | { kind: 'serial'; port: number; byte: number }
  | { kind: 'debugcon'; byte: number }
  /** QEMU's isa-debug-exit: the process exit status is (value << 1) | 1. */
  | { kind: 'exit'; status: number }
  | { kind: 'reset'; source: string }
  /** The guest turned the machine off (ACPI S5 through PM1a_CNT.SLP_EN). */
  | { kind: 'poweroff'; source: string }
  | { kind: 'framebuffer-changed' }
  | { kind: 'text-screen-changed' };
