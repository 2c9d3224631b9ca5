import { LEAF1_EDX, SIGNATURE } from '../core/cpu/cpu-model.ts';
import { IOAPIC_BASE } from '../core/devices/ioapic.ts';
import { LAPIC_BASE } from '../core/devices/lapic.ts';
import { LAPIC_VERSION } from '../core/devices/lapic-registers.ts';
import { ByteWriter } from './bytes.ts';
import type { RamWrite } from './plan.ts';

/**
 * The Intel MultiProcessor Specification 1.4 tables SeaBIOS leaves in the BIOS area, which
 * kernels of the MP era (xv6, early Linux SMP) look for before ACPI: a floating pointer
 * structure ("_MP_") found by scanning 0xF0000-0xFFFFF, pointing at a configuration table
 * ("PCMP"). They describe the same machine as the MADT: one processor with local APIC ID 0,
 * an ISA bus, the I/O APIC (ID 0) with ISA IRQ n on pin n except IRQ0 on pin 2, IRQ9 level
 * triggered and active high (the SCI), and LINT0 as ExtINT, LINT1 as NMI.
 */
export const MP_FLOATING_POINTER = 0xf0000;
const CONFIG_TABLE = MP_FLOATING_POINTER + 16;
const SPEC_REVISION = 4; // MP 1.4
const IOAPIC_ID = 0;
/** The low byte of the I/O APIC's version register (devices/ioapic.ts). */
const IOAPIC_VERSION = 0x20;
const ISA_BUS = 0;

const ENTRY_PROCESSOR = 0;
const ENTRY_BUS = 1;
const ENTRY_IOAPIC = 2;
const ENTRY_IO_INTERRUPT = 3;
const ENTRY_LOCAL_INTERRUPT = 4;
const INT_VECTORED = 0;
const INT_NMI = 1;
const INT_EXTINT = 3;
/** Interrupt entry flags: polarity bits 0-1 and trigger bits 2-3; 0 is "as the bus says". */
const CONFORMING = 0;
const LEVEL_ACTIVE_HIGH = 0x1 | (0x3 << 2);

interface InterruptEntry {
  type: typeof ENTRY_IO_INTERRUPT | typeof ENTRY_LOCAL_INTERRUPT;
  kind: number;
  flags: number;
  busIrq: number;
  destination: number;
  pin: number;
}

function interruptEntries(): InterruptEntry[] {
  const entries: InterruptEntry[] = [];
  for (let irq = 0; irq < 16; irq++) {
    // Pin 2 is IRQ0's (the MADT's interrupt source override); IRQ2 is the cascade, no line.
    if (irq === 2) continue;
    entries.push({
      type: ENTRY_IO_INTERRUPT,
      kind: INT_VECTORED,
      flags: irq === 9 ? LEVEL_ACTIVE_HIGH : CONFORMING,
      busIrq: irq,
      destination: IOAPIC_ID,
      pin: irq === 0 ? 2 : irq,
    });
  }
  const local = { type: ENTRY_LOCAL_INTERRUPT, flags: CONFORMING, busIrq: 0 } as const;
  entries.push({ ...local, kind: INT_EXTINT, destination: 0, pin: 0 });
  entries.push({ ...local, kind: INT_NMI, destination: 0xff, pin: 1 });
  return entries;
}

function checksum(bytes: Uint8Array, from: number, length: number): number {
  let sum = 0;
  for (let k = from; k < from + length; k++) sum += bytes[k];
  return -sum & 0xff;
}

function ascii(w: ByteWriter, at: number, s: string): void {
  for (let k = 0; k < s.length; k++) w.u8(at + k, s.charCodeAt(k));
}

/** The floating pointer and the configuration table, as one write at MP_FLOATING_POINTER. */
export function mpTableWrite(): RamWrite {
  const ints = interruptEntries();
  const tableLength = 44 + 20 + 8 + 8 + 8 * ints.length;
  const w = new ByteWriter(16 + tableLength);
  ascii(w, 0, '_MP_');
  w.u32(4, CONFIG_TABLE);
  w.u8(8, 1); // length in 16-byte units
  w.u8(9, SPEC_REVISION);
  // Feature bytes 0: a configuration table is present, no IMCR (virtual-wire mode).
  w.u8(10, checksum(w.bytes, 0, 16));

  const t = 16;
  ascii(w, t, 'PCMP');
  w.u16(t + 4, tableLength);
  w.u8(t + 6, SPEC_REVISION);
  ascii(w, t + 8, 'PGSCOP  ');
  ascii(w, t + 16, 'PAGESCOPE   ');
  w.u16(t + 34, 3 + ints.length);
  w.u32(t + 36, LAPIC_BASE);
  let at = t + 44;
  w.u8(at, ENTRY_PROCESSOR);
  w.u8(at + 1, 0); // local APIC ID
  w.u8(at + 2, LAPIC_VERSION & 0xff);
  w.u8(at + 3, 0x3); // enabled, bootstrap processor
  w.u32(at + 4, SIGNATURE);
  w.u32(at + 8, LEAF1_EDX);
  at += 20;
  w.u8(at, ENTRY_BUS);
  w.u8(at + 1, ISA_BUS);
  ascii(w, at + 2, 'ISA   ');
  at += 8;
  w.u8(at, ENTRY_IOAPIC);
  w.u8(at + 1, IOAPIC_ID);
  w.u8(at + 2, IOAPIC_VERSION);
  w.u8(at + 3, 1); // usable
  w.u32(at + 4, IOAPIC_BASE);
  at += 8;
  for (const e of ints) {
    w.u8(at, e.type);
    w.u8(at + 1, e.kind);
    w.u16(at + 2, e.flags);
    w.u8(at + 4, ISA_BUS);
    w.u8(at + 5, e.busIrq);
    w.u8(at + 6, e.destination);
    w.u8(at + 7, e.pin);
    at += 8;
  }
  w.u8(t + 7, checksum(w.bytes, t, tableLength));
  return { address: MP_FLOATING_POINTER, bytes: w.bytes };
}
