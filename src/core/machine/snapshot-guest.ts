// Test support for snapshots: a machine with the PC peripherals running a small 64-bit
// guest that keeps every kind of state moving: a store loop sweeping 256 pages of RAM, PIT
// interrupts through the 8259 (timers in the queue), and a count echoed to COM1 at each.
import type { DeviceEvent } from '../devices/device-host.ts';
import { pcPeripheralsFactory } from '../devices/pc-peripherals.ts';
import type { PcPeripheralOptions } from '../devices/pc-peripherals.ts';
import { Machine } from '../machine.ts';
import { enterLongMode, handler, load, outb, PIC_IRQ0_ONLY } from './test-guest.ts';

export const GUEST_RAM = 16 << 20;
/** The store loop's window: 1 MiB from 4 MiB. */
export const SWEEP_BASE = 0x400000;

/** PIT channel 0, mode 2, count 2000: an interrupt every ~168,000 instructions. */
const PIT_PERIODIC = [...outb(0x43, 0x34), ...outb(0x40, 2000 & 0xff), ...outb(0x40, 2000 >> 8)];

const STORE_LOOP = [
  ...[0xbe, 0x00, 0x00, 0x40, 0x00], // mov esi, SWEEP_BASE
  0xfb, // sti
  ...[0xff, 0xc0], // loop: inc eax
  ...[0x89, 0x06], // mov [rsi], eax
  ...[0x83, 0xc6, 0x04], // add esi, 4
  ...[0x81, 0xe6, 0xff, 0xff, 0x4f, 0x00], // and esi, 0x4fffff: stay in the window
  ...[0xeb, 0xf1], // jmp loop
];

/** IRQ0: count in ebx, echo its low byte to COM1, EOI. */
const IRQ0_HANDLER = [
  ...[0xff, 0xc3], // inc ebx
  ...[0x66, 0xba, 0xf8, 0x03], // mov dx, 0x3f8
  ...[0x88, 0xd8], // mov al, bl
  0xee, // out dx, al
  ...outb(0x20, 0x20),
  ...[0x48, 0xcf], // iretq
];

/** A fresh machine with the guest loaded, at instruction 0; `serial` collects COM1 output. */
export function snapshotGuest(peripherals: PcPeripheralOptions = {}): {
  machine: Machine;
  serial: number[];
} {
  const machine = new Machine({
    ramSize: GUEST_RAM,
    devices: [pcPeripheralsFactory(peripherals)],
  });
  const serial: number[] = [];
  machine.onEvent((e: DeviceEvent) => {
    if (e.kind === 'serial') serial.push(e.byte);
  });
  enterLongMode(machine);
  handler(machine, 0x20, IRQ0_HANDLER);
  load(machine, [...PIC_IRQ0_ONLY, ...PIT_PERIODIC, ...STORE_LOOP]);
  return { machine, serial };
}
