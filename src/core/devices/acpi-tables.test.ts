import { describe, expect, it } from 'vitest';
import { PhysicalMemory } from '../memory/physical-memory.ts';
import { RSDP_BIOS_ADDRESS, writeAcpiTables } from './acpi-tables.ts';

const mem = new PhysicalMemory(4 << 20);
const tables = writeAcpiTables(mem, 0x100000);
const v = mem.view;
const u8 = (a: number) => mem.ram[a];
const u16 = (a: number) => v.getUint16(a, true);
const u32 = (a: number) => v.getUint32(a, true);
const u64 = (a: number) => Number(v.getBigUint64(a, true));
const text = (a: number, n: number) => String.fromCharCode(...mem.ram.subarray(a, a + n));
const sum = (a: number, n: number) => mem.ram.subarray(a, a + n).reduce((s, b) => s + b, 0) & 0xff;

/** Checks a system description table's signature and checksum; returns its length. */
function sdt(at: number, signature: string): number {
  expect(text(at, 4)).toBe(signature);
  const len = u32(at + 4);
  expect(sum(at, len)).toBe(0);
  expect(text(at + 10, 6)).toBe('PGSCOP');
  return len;
}

/** Where a kernel scanning the BIOS area on 16-byte boundaries finds "RSD PTR ". */
function scanForRsdp(): number {
  for (let a = 0xe0000; a < 0x100000; a += 16) if (text(a, 8) === 'RSD PTR ') return a;
  return -1;
}

describe('ACPI tables', () => {
  it('puts a revision 2 RSDP with both checksums in the BIOS area, where a scan finds it', () => {
    const r = tables.rsdp;
    expect(r).toBe(RSDP_BIOS_ADDRESS);
    expect(scanForRsdp()).toBe(r);
    expect(sum(r, 20)).toBe(0);
    expect(sum(r, 36)).toBe(0);
    expect(u8(r + 15)).toBe(2);
    expect(u32(r + 20)).toBe(36);
    expect([...tables.rsdpBytes]).toEqual([...mem.ram.subarray(r, r + 36)]);
  });

  it('lists the FADT and the MADT in both the RSDT and the XSDT', () => {
    const rsdt = u32(tables.rsdp + 16);
    const xsdt = u64(tables.rsdp + 24);
    expect(sdt(rsdt, 'RSDT')).toBe(44);
    expect(sdt(xsdt, 'XSDT')).toBe(52);
    const fromRsdt = [u32(rsdt + 36), u32(rsdt + 40)];
    expect([u64(xsdt + 36), u64(xsdt + 44)]).toEqual(fromRsdt);
    expect(fromRsdt.map((a) => text(a, 4))).toEqual(['FACP', 'APIC']);
  });

  it('describes the PM registers, SCI 9, the 0xcf9 reset and a DSDT with \\_S5 in the FADT', () => {
    const f = u32(u32(tables.rsdp + 16) + 36);
    expect(sdt(f, 'FACP')).toBe(244);
    expect(u8(f + 8)).toBe(3);
    expect(u16(f + 46)).toBe(9);
    expect(u32(f + 48)).toBe(0);
    expect([u32(f + 56), u32(f + 64), u32(f + 76)]).toEqual([0x600, 0x604, 0x608]);
    expect([u8(f + 88), u8(f + 89), u8(f + 91)]).toEqual([4, 2, 4]);
    expect(u8(f + 108)).toBe(0x32);
    // Reset register: system I/O, 8 bits, at 0xcf9; value 6. TMR_VAL_EXT clear: 24 bits.
    expect([u8(f + 116), u8(f + 117), u64(f + 120), u8(f + 128)]).toEqual([1, 8, 0xcf9, 6]);
    expect(u32(f + 112) & (1 << 10)).not.toBe(0);
    expect(u32(f + 112) & (1 << 8)).toBe(0);
    expect([u64(f + 148 + 4), u64(f + 172 + 4), u64(f + 208 + 4)]).toEqual([0x600, 0x604, 0x608]);
    const dsdt = u32(f + 40);
    expect(u64(f + 140)).toBe(dsdt);
    const len = sdt(dsdt, 'DSDT');
    expect(text(dsdt + 36, len - 36)).toContain('_S5_');
    const facs = u32(f + 36);
    expect(facs % 64).toBe(0);
    expect(text(facs, 4)).toBe('FACS');
    expect(u32(facs + 4)).toBe(64);
  });

  it('describes one CPU, the I/O APIC and the PC interrupt overrides in the MADT', () => {
    const m = u32(u32(tables.rsdp + 16) + 40);
    const len = sdt(m, 'APIC');
    expect(u32(m + 36)).toBe(0xfee00000);
    expect(u32(m + 40)).toBe(1);
    const entries: number[][] = [];
    for (let p = m + 44; p < m + len; p += u8(p + 1))
      entries.push([...mem.ram.subarray(p, p + u8(p + 1))]);
    expect(entries).toEqual([
      [0, 8, 0, 0, 1, 0, 0, 0],
      [1, 12, 0, 0, 0x00, 0x00, 0xc0, 0xfe, 0, 0, 0, 0],
      [2, 10, 0, 0, 2, 0, 0, 0, 0, 0],
      [2, 10, 0, 9, 9, 0, 0, 0, 0x0d, 0],
      [4, 6, 0xff, 0, 0, 1],
    ]);
  });

  it('reports the FACS as NVS and the other tables as reclaimable', () => {
    const [nvs, rec] = tables.regions;
    expect(nvs).toEqual({ base: 0x100000, length: 64, type: 'acpi-nvs' });
    expect(rec.base).toBe(0x100040);
    expect(rec.base + rec.length).toBe(tables.end);
    expect(tables.end - 0x100000).toBeLessThan(1024);
  });
});
