import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { bootMachine } from './boot-machine.ts';

const GIB = 2 ** 30;

describe('bootMachine with 4 GiB of RAM', () => {
  it('boots a Multiboot kernel that reports the memory QEMU -m 4096M reports', () => {
    const image = readFileSync('public/kernels/multiboot1-hello.elf');
    const booted = bootMachine(image, { imageName: 'multiboot1-hello.elf', ramSize: 4 * GIB });
    if (!booted.ok) throw new Error(booted.error.message);
    const { machine, plan } = booted;
    // The ACPI tables stay 32-bit addressable: at the top of the RAM below the PCI hole.
    const acpi = plan.memoryMap.find((r) => r.type === 'acpi-reclaimable');
    expect(acpi && acpi.base + acpi.length).toBe(3 * GIB);
    expect(plan.memoryMap.some((r) => r.base === 4 * GIB && r.type === 'usable')).toBe(true);
    let serial = '';
    machine.onEvent((e) => {
      if (e.kind === 'serial') serial += String.fromCharCode(e.byte);
    });
    expect(machine.run(50_000_000).reason).toBe('exit');
    // The numbers qemu-system-x86_64 -m 4096M -kernel multiboot1-hello.elf prints.
    expect(serial).toContain('639 KiB low memory, 3144576 KiB high');
    expect(serial).toMatch(/memory map has \d+ entries, 4193791 KiB usable/);
  });
});
