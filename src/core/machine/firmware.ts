import type { PortBus } from '../io-bus.ts';
import type { Chipset } from './chipset.ts';

/**
 * Puts the chipset in the state SeaBIOS leaves it in when QEMU boots a kernel, by doing what
 * SeaBIOS does (src/hw/pic.c, src/hw/timer.c, src/clock.c, src/fw/smp.c), through the same
 * ports and registers a guest would use:
 *
 * - 8259s initialised with ICW4, IRQ0-7 at vectors 0x08-0x0f and IRQ8-15 at 0x70-0x77, and
 *   IRQ 0 (timer), 1 (keyboard), 2 (cascade), 6 (floppy), 8 (RTC), 12 (mouse), 13 (FPU) and
 *   14 (IDE) unmasked. A 64-bit kernel that enables interrupts without remapping the 8259
 *   thus takes the timer as vector 8, a "double fault", as it would under QEMU.
 * - PIT channel 0 in mode 2 with count 0 (65536): IRQ0 at 18.2 Hz.
 * - Local APIC software-enabled (SVR 0x1ff), LINT0 ExtINT and LINT1 NMI, both level.
 */
export function applyBiosState(chipset: Chipset, io: PortBus): void {
  // The PIT first: the 8259s' ICW1 then forgets the edge its new OUT level makes.
  for (const [port, value] of [
    [0x43, 0x34],
    [0x40, 0x00],
    [0x40, 0x00],
    [0x20, 0x11],
    [0xa0, 0x11],
    [0x21, 0x08],
    [0xa1, 0x70],
    [0x21, 0x04],
    [0xa1, 0x02],
    [0x21, 0x01],
    [0xa1, 0x01],
    // ~(IRQ0 | IRQ1 | IRQ2 | IRQ6) and ~(IRQ8 | IRQ12 | IRQ13 | IRQ14).
    [0x21, 0xb8],
    [0xa1, 0x8e],
  ])
    io.out(port, 1, value);
  const apic = chipset.lapic;
  apic.write(0xf0, 4, apic.svr | 0x100);
  apic.write(0x350, 4, 0x8700);
  apic.write(0x360, 4, 0x8400);
}
