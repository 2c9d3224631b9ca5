import { describe, expect, it } from 'vitest';
import { LAPIC_BASE } from '../core/devices/lapic.ts';
import { IOAPIC_BASE } from '../core/devices/ioapic.ts';
import type { PhysicalMemory } from '../core/memory/physical-memory.ts';
import { buildElf } from './test-helpers/elf-builder.ts';
import { concat, mb1Header } from './test-helpers/headers.ts';
import { limineKernel } from './test-helpers/limine-kernel.ts';
import { boot } from './test-helpers/machine.ts';

const HLT_LOOP = Uint8Array.of(0xf4, 0xeb, 0xfd);

function mb1Kernel(): Uint8Array {
  const header = mb1Header(0x3);
  return buildElf({
    class: 32,
    entry: 0x100000 + header.length,
    segments: [{ vaddr: 0x100000, data: concat(header, HLT_LOOP), flags: 5 }],
  });
}

function sum(mem: PhysicalMemory, at: number, length: number): number {
  let s = 0;
  for (let k = 0; k < length; k++) s += mem.ram[at + k];
  return s & 0xff;
}

/**
 * Finds the MP floating pointer as MP-era kernels do (MP spec 1.4, 4): the first KiB of the
 * EBDA (segment at 0x40E), then the BIOS ROM area 0xF0000-0xFFFFF, on 16-byte boundaries,
 * signature "_MP_" and a zero checksum over its 16 bytes.
 */
function findMpPointer(mem: PhysicalMemory): number | undefined {
  const ebda = mem.view.getUint16(0x40e, true) << 4;
  const ranges: [number, number][] = [
    [ebda, ebda + 1024],
    [0xf0000, 0x100000],
  ];
  for (const [from, to] of ranges)
    for (let at = from; at < to; at += 16)
      if (mem.view.getUint32(at, true) === 0x5f504d5f && sum(mem, at, 16) === 0) return at;
  return undefined;
}

interface MpEntry {
  type: number;
  bytes: Uint8Array;
}

function mpEntries(mem: PhysicalMemory, table: number): MpEntry[] {
  const count = mem.view.getUint16(table + 34, true);
  const out: MpEntry[] = [];
  let at = table + 44;
  for (let k = 0; k < count; k++) {
    const type = mem.ram[at];
    const length = type === 0 ? 20 : 8;
    out.push({ type, bytes: mem.ram.slice(at, at + length) });
    at += length;
  }
  return out;
}

describe('what the firmware leaves in low memory', () => {
  it('fills the BIOS data area: COM1, the EBDA segment, 639 KiB of base memory, text mode 3', () => {
    const { mem } = boot(mb1Kernel());
    const v = mem.view;
    expect(v.getUint16(0x400, true)).toBe(0x3f8);
    expect(v.getUint16(0x40e, true)).toBe(0x9fc0);
    expect(v.getUint16(0x413, true)).toBe(639);
    expect(v.getUint16(0x410, true) & 0x30).toBe(0x20); // 80x25 colour
    expect(mem.ram[0x449]).toBe(3);
    expect(v.getUint16(0x463, true)).toBe(0x3d4);
    expect(v.getUint16(0x9fc00, true)).toBe(1); // the EBDA's size in KiB
  });

  it('leaves MP tables a scan of the BIOS area finds, with valid checksums', () => {
    const { mem } = boot(mb1Kernel());
    const pointer = findMpPointer(mem);
    expect(pointer).toBeDefined();
    expect(mem.ram[pointer! + 9]).toBe(4); // MP 1.4
    const table = mem.view.getUint32(pointer! + 4, true);
    expect(String.fromCharCode(...mem.ram.slice(table, table + 4))).toBe('PCMP');
    const length = mem.view.getUint16(table + 4, true);
    expect(sum(mem, table, length)).toBe(0);
    expect(mem.view.getUint32(table + 36, true)).toBe(LAPIC_BASE);
  });

  it('describes one bootstrap processor, an ISA bus and the I/O APIC as the MADT does', () => {
    const { mem } = boot(mb1Kernel());
    const table = mem.view.getUint32(findMpPointer(mem)! + 4, true);
    const entries = mpEntries(mem, table);
    const cpus = entries.filter((e) => e.type === 0);
    expect(cpus).toHaveLength(1);
    expect(cpus[0].bytes[1]).toBe(0); // local APIC ID
    expect(cpus[0].bytes[3]).toBe(0x3); // enabled, bootstrap
    const bus = entries.find((e) => e.type === 1)!;
    expect(String.fromCharCode(...bus.bytes.slice(2, 8))).toBe('ISA   ');
    const ioapic = entries.find((e) => e.type === 2)!;
    expect(new DataView(ioapic.bytes.buffer).getUint32(4, true)).toBe(IOAPIC_BASE);
    const pinOf = (irq: number) =>
      entries.find((e) => e.type === 3 && e.bytes[5] === irq)?.bytes[7];
    expect(pinOf(0)).toBe(2); // the IRQ0 -> GSI 2 override
    expect(pinOf(1)).toBe(1);
    expect(pinOf(2)).toBeUndefined(); // the cascade has no line
    const irq9 = entries.find((e) => e.type === 3 && e.bytes[5] === 9)!;
    expect(irq9.bytes[2]).toBe(0x0d); // level, active high (the SCI)
    const local = entries.filter((e) => e.type === 4).map((e) => [e.bytes[1], e.bytes[7]]);
    expect(local).toEqual([
      [3, 0], // ExtINT on LINT0
      [1, 1], // NMI on LINT1
    ]);
  });

  it('is there for every protocol, Limine included', () => {
    const { mem } = boot(limineKernel({ revision: 3n }).image);
    expect(mem.view.getUint16(0x40e, true)).toBe(0x9fc0);
    expect(findMpPointer(mem)).toBe(0xf0000);
  });
});
