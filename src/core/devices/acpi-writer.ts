import type { PhysicalMemory } from '../memory/physical-memory.ts';

/** Size of the common header of every ACPI system description table. */
export const SDT_HEADER = 36;
const OEM_ID = 'PGSCOP';
const OEM_TABLE_ID = 'PAGESCOP';
const CREATOR_ID = 'PGSC';

/**
 * Lays ACPI tables out one after another in guest RAM from `base`, little-endian, each
 * zero-filled and aligned as asked, and fills in their checksums. Boot-time only.
 */
export class AcpiWriter {
  private next: number;

  constructor(
    private readonly mem: PhysicalMemory,
    base: number,
  ) {
    this.next = base;
  }

  /** Reserves `length` zeroed bytes at the next `align`-byte boundary; returns the address. */
  table(length: number, align = 8): number {
    const at = Math.ceil(this.next / align) * align;
    if (at + length > this.mem.size) throw new RangeError('ACPI tables do not fit in RAM');
    this.mem.ram.fill(0, at, at + length);
    this.next = at + length;
    return at;
  }

  end(): number {
    return this.next;
  }

  u8(at: number, v: number): void {
    this.mem.ram[at] = v;
  }

  u16(at: number, v: number): void {
    this.mem.view.setUint16(at, v, true);
  }

  u32(at: number, v: number): void {
    this.mem.view.setUint32(at, v >>> 0, true);
  }

  /** A 64-bit field holding an address below 2^53. */
  u64(at: number, v: number): void {
    this.mem.view.setUint32(at, v % 2 ** 32, true);
    this.mem.view.setUint32(at + 4, Math.floor(v / 2 ** 32), true);
  }

  bytes(at: number, b: readonly number[]): void {
    this.mem.ram.set(b, at);
  }

  ascii(at: number, s: string): void {
    for (let k = 0; k < s.length; k++) this.mem.ram[at + k] = s.charCodeAt(k);
  }

  /** Sets the byte at at + offset so the `length` bytes from `at` sum to 0 mod 256. */
  checksum(at: number, length: number, offset: number): void {
    this.mem.ram[at + offset] = 0;
    let sum = 0;
    for (let k = 0; k < length; k++) sum += this.mem.ram[at + k];
    this.mem.ram[at + offset] = -sum & 0xff;
  }
}

/** The 36-byte header (checksum left for AcpiWriter.checksum(at, length, 9)). */
export function sdtHeader(
  w: AcpiWriter,
  at: number,
  signature: string,
  length: number,
  revision: number,
): void {
  w.ascii(at, signature);
  w.u32(at + 4, length);
  w.u8(at + 8, revision);
  w.ascii(at + 10, OEM_ID);
  w.ascii(at + 16, OEM_TABLE_ID);
  w.u32(at + 24, 1);
  w.ascii(at + 28, CREATOR_ID);
  w.u32(at + 32, 1);
}

/** A Generic Address Structure for a register in system I/O space. */
export function generic(
  w: AcpiWriter,
  at: number,
  bitWidth: number,
  accessSize: number,
  port: number,
): void {
  w.bytes(at, [1, bitWidth, 0, accessSize]);
  w.u64(at + 4, port);
}
