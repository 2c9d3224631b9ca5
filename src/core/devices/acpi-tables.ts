import type { PhysicalMemory } from '../memory/physical-memory.ts';
import { PM1A_CNT, PM1A_EVT, PM_TMR, SCI_IRQ } from './acpi-pm.ts';
import { AcpiWriter, generic, sdtHeader, SDT_HEADER } from './acpi-writer.ts';
import { IOAPIC_BASE } from './ioapic.ts';
import { LAPIC_BASE } from './lapic.ts';

/** Where the RSDP copy goes: the start of the BIOS area kernels scan for "RSD PTR ". */
export const RSDP_BIOS_ADDRESS = 0xe0000;
/** The reset register the FADT names: the 0xcf9 reset control port, value 6 (hard reset). */
const RESET_PORT = 0xcf9;
const RESET_VALUE = 0x06;
/** FADT flags: WBINVD, PROC_C1, no fixed power or sleep button, RESET_REG_SUP; 24-bit timer. */
const FADT_FLAGS = (1 << 0) | (1 << 2) | (1 << 4) | (1 << 5) | (1 << 10);
/** IA-PC boot architecture flags: legacy (ISA) devices and an 8042 controller are present. */
const IAPC_BOOT_ARCH = 0x3;
/** The RTC century register (rtc-date.ts CENTURY). */
const RTC_CENTURY = 0x32;
/** DSDT body: Name(_S5, Package(4) {0, 0, 0, 0}): S5 is SLP_TYP 0, as acpi-pm.ts expects. */
const DSDT_AML = [0x08, 0x5f, 0x53, 0x35, 0x5f, 0x12, 0x06, 0x04, 0x00, 0x00, 0x00, 0x00];

export interface AcpiTables {
  /** Physical address of the RSDP (the copy in the BIOS area). */
  rsdp: number;
  /** The RSDP's 36 bytes, for boot protocols that copy it (Multiboot 2). */
  rsdpBytes: Uint8Array;
  /** First byte after the tables in the area given. */
  end: number;
  /** Ranges the memory map must report: the FACS is NVS, the rest reclaimable. */
  regions: { base: number; length: number; type: 'acpi-nvs' | 'acpi-reclaimable' }[];
}

/**
 * Writes the machine's ACPI tables into guest RAM at `base` (a free area the boot code
 * chose; under 1 KiB is used), ending with an RSDP (revision 2, with the XSDT) that is also
 * copied to 0xE0000, where kernels scanning the BIOS area find it: FACS, a DSDT with only \_S5, a revision 3 FADT (the PM registers of acpi-pm.ts,
 * SCI on IRQ 9, the 0xcf9 reset register, the RTC century at 0x32), a MADT (the local APIC
 * for CPU 0, I/O APIC 0 at 0xfec00000 with GSI base 0, IRQ0 -> GSI 2 and IRQ9 level/active
 * high overrides, LINT1 as NMI), then the RSDT and XSDT listing FADT and MADT. No HPET.
 */
export function writeAcpiTables(mem: PhysicalMemory, base: number): AcpiTables {
  const w = new AcpiWriter(mem, base);
  const facs = w.table(64, 64);
  w.ascii(facs, 'FACS');
  w.u32(facs + 4, 64);
  w.u8(facs + 32, 1);

  const dsdt = w.table(SDT_HEADER + DSDT_AML.length);
  sdtHeader(w, dsdt, 'DSDT', SDT_HEADER + DSDT_AML.length, 2);
  w.bytes(dsdt + SDT_HEADER, DSDT_AML);
  w.checksum(dsdt, SDT_HEADER + DSDT_AML.length, 9);

  const fadt = writeFadt(w, facs, dsdt);
  const madt = writeMadt(w);

  const rsdtLen = SDT_HEADER + 8;
  const rsdt = w.table(rsdtLen);
  sdtHeader(w, rsdt, 'RSDT', rsdtLen, 1);
  w.u32(rsdt + SDT_HEADER, fadt);
  w.u32(rsdt + SDT_HEADER + 4, madt);
  w.checksum(rsdt, rsdtLen, 9);

  const xsdtLen = SDT_HEADER + 16;
  const xsdt = w.table(xsdtLen);
  sdtHeader(w, xsdt, 'XSDT', xsdtLen, 1);
  w.u64(xsdt + SDT_HEADER, fadt);
  w.u64(xsdt + SDT_HEADER + 8, madt);
  w.checksum(xsdt, xsdtLen, 9);

  const rsdp = w.table(36, 16);
  writeRsdp(w, rsdp, rsdt, xsdt);
  const end = w.end();
  const rsdpBytes = mem.ram.slice(rsdp, rsdp + 36);
  mem.ram.set(rsdpBytes, RSDP_BIOS_ADDRESS);
  return {
    rsdp: RSDP_BIOS_ADDRESS,
    rsdpBytes,
    end,
    regions: [
      { base: facs, length: 64, type: 'acpi-nvs' },
      { base: facs + 64, length: end - facs - 64, type: 'acpi-reclaimable' },
    ],
  };
}

/** FADT revision 3 (ACPI 2.0), 244 bytes. */
function writeFadt(w: AcpiWriter, facs: number, dsdt: number): number {
  const len = 244;
  const t = w.table(len);
  sdtHeader(w, t, 'FACP', len, 3);
  w.u32(t + 36, facs);
  w.u32(t + 40, dsdt);
  w.u16(t + 46, SCI_IRQ);
  // SMI_CMD 0: no ACPI mode switch, the hardware is in ACPI mode already.
  w.u32(t + 56, PM1A_EVT);
  w.u32(t + 64, PM1A_CNT);
  w.u32(t + 76, PM_TMR);
  w.u8(t + 88, 4); // PM1_EVT_LEN
  w.u8(t + 89, 2); // PM1_CNT_LEN
  w.u8(t + 91, 4); // PM_TMR_LEN
  // C2 and C3 latencies above the maximum: those states are not supported.
  w.u16(t + 96, 0x0fff);
  w.u16(t + 98, 0x0fff);
  w.u8(t + 108, RTC_CENTURY);
  w.u16(t + 109, IAPC_BOOT_ARCH);
  w.u32(t + 112, FADT_FLAGS);
  generic(w, t + 116, 8, 1, RESET_PORT);
  w.u8(t + 128, RESET_VALUE);
  w.u64(t + 140, dsdt);
  generic(w, t + 148, 32, 2, PM1A_EVT);
  generic(w, t + 172, 16, 2, PM1A_CNT);
  generic(w, t + 208, 32, 3, PM_TMR);
  w.checksum(t, len, 9);
  return t;
}

/** MADT ("APIC"): one CPU, one I/O APIC, the PC's two interrupt source overrides. */
function writeMadt(w: AcpiWriter): number {
  const len = SDT_HEADER + 8 + 8 + 12 + 10 + 10 + 6;
  const t = w.table(len);
  sdtHeader(w, t, 'APIC', len, 3);
  w.u32(t + 36, LAPIC_BASE);
  w.u32(t + 40, 1); // PCAT_COMPAT: the 8259s are there (and must be masked to use the APICs)
  let p = t + 44;
  // Processor local APIC: ACPI processor UID 0, APIC ID 0, enabled.
  w.bytes(p, [0, 8, 0, 0]);
  w.u32(p + 4, 1);
  p += 8;
  // I/O APIC: ID 0, address, GSI base 0.
  w.bytes(p, [1, 12, 0, 0]);
  w.u32(p + 4, IOAPIC_BASE);
  w.u32(p + 8, 0);
  p += 12;
  p = sourceOverride(w, p, 0, 2, 0);
  // IRQ 9 (the SCI): active high (01), level-triggered (11).
  p = sourceOverride(w, p, SCI_IRQ, SCI_IRQ, 0x000d);
  // Local APIC NMI: all processors (UID 0xff), LINT1, flags conforming.
  w.bytes(p, [4, 6, 0xff, 0, 0, 1]);
  w.checksum(t, len, 9);
  return t;
}

function sourceOverride(w: AcpiWriter, p: number, irq: number, gsi: number, flags: number) {
  w.bytes(p, [2, 10, 0, irq]);
  w.u32(p + 4, gsi);
  w.u16(p + 8, flags);
  return p + 10;
}

/** RSDP revision 2: the ACPI 1.0 part (20 bytes, own checksum) and the XSDT extension. */
function writeRsdp(w: AcpiWriter, p: number, rsdt: number, xsdt: number): void {
  w.ascii(p, 'RSD PTR ');
  w.ascii(p + 9, 'PGSCOP');
  w.u8(p + 15, 2);
  w.u32(p + 16, rsdt);
  w.u32(p + 20, 36);
  w.u64(p + 24, xsdt);
  w.checksum(p, 20, 8);
  w.checksum(p, 36, 32);
}
