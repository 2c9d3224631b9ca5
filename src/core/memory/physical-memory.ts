import { ABOVE_4G_BASE, ramLayout } from './ram-layout.ts';

/** A device that answers physical addresses outside RAM (LAPIC, IOAPIC, framebuffer...). */
export interface MmioDevice {
  /** Reads `size` bytes (1, 2, 4 or 8: 8 returns the low dword and sets high via hiOut) at offset. */
  read(offset: number, size: number): number;
  write(offset: number, size: number, value: number): void;
}

interface MmioRegion {
  base: number;
  end: number;
  device: MmioDevice;
}

/**
 * The physical address space: RAM, then MMIO regions. RAM is one buffer laid out as
 * ram-layout.ts says: its first `low` bytes at physical 0, the rest from 4 GiB, so that
 * the PCI hole below 4 GiB stays free for devices. Reads of unbacked addresses return all
 * ones and writes to them are dropped, as on a PC bus with nothing decoding them.
 */
export class PhysicalMemory {
  /** The RAM buffer: index = buffer offset (offsetOf), equal to the physical address below `low`. */
  readonly ram: Uint8Array;
  readonly view: DataView;
  /** Bytes of RAM in all. */
  readonly size: number;
  /** Bytes of RAM from physical 0; the rest sits at [4 GiB, end). */
  readonly low: number;
  /** One past the highest physical RAM address. */
  readonly end: number;
  /**
   * One byte a 4 KiB page of the buffer: 1 when the page may differ from the last machine
   * snapshot (core/machine/snapshot-ram.ts). All 1 until a snapshot is taken. Writes through
   * write() mark it; the CPU's direct writes need a TLB right (T_RAM_W) that only written
   * pages get.
   */
  readonly written: Uint8Array;
  private readonly regions: MmioRegion[] = [];

  constructor(size: number, buffer?: ArrayBufferLike) {
    if (size % 4096 !== 0) throw new RangeError(`RAM size ${size} is not a multiple of 4 KiB`);
    const backing = buffer ?? new ArrayBuffer(size);
    this.ram = new Uint8Array(backing, 0, size);
    this.view = new DataView(backing, 0, size);
    this.size = size;
    const { below4g, above4g } = ramLayout(size);
    this.low = below4g;
    this.end = above4g > 0 ? ABOVE_4G_BASE + above4g : below4g;
    this.written = new Uint8Array(size / 4096).fill(1);
  }

  mapMmio(base: number, length: number, device: MmioDevice): void {
    this.regions.push({ base, end: base + length, device });
  }

  /** Where the RAM byte at physical `addr` sits in the buffer; -1 when no RAM is there. */
  offsetOf(addr: number): number {
    if (addr < this.low) return addr;
    if (addr >= ABOVE_4G_BASE && addr < this.end) return addr - ABOVE_4G_BASE + this.low;
    return -1;
  }

  /** The physical address of buffer offset `offset` (the inverse of offsetOf). */
  physicalOf(offset: number): number {
    return offset < this.low ? offset : offset - this.low + ABOVE_4G_BASE;
  }

  isRam(addr: number): boolean {
    return this.offsetOf(addr) >= 0;
  }

  /** Whether any byte of [base, base + length) is RAM. */
  overlapsRam(base: number, length: number): boolean {
    const end = base + length;
    return base < this.low || (end > ABOVE_4G_BASE && base < this.end);
  }

  /**
   * The buffer offset of an access of `size` bytes at `addr` when all of it is RAM in one
   * piece, else -1 (MMIO, unbacked, or straddling an end of RAM).
   */
  private span(addr: number, size: number): number {
    const off = this.offsetOf(addr);
    return off >= 0 && this.offsetOf(addr + size - 1) === off + size - 1 ? off : -1;
  }

  private region(addr: number): MmioRegion | undefined {
    for (const r of this.regions) if (addr >= r.base && addr < r.end) return r;
    return undefined;
  }

  /** Reads 1, 2 or 4 bytes; the address need not be in RAM. Returns an unsigned value. */
  read(addr: number, size: 1 | 2 | 4): number {
    // RAM from 0 first: the common case costs one comparison, as with no RAM above 4 GiB.
    const off = addr + size <= this.low ? addr : this.span(addr, size);
    if (off >= 0) {
      if (size === 1) return this.ram[off];
      if (size === 2) return this.view.getUint16(off, true);
      return this.view.getUint32(off, true);
    }
    const r = this.region(addr);
    if (r) return r.device.read(addr - r.base, size) >>> 0;
    if (this.overlapsRam(addr, size)) {
      // A read straddling an end of RAM: assemble the bytes one at a time.
      let v = 0;
      for (let i = size - 1; i >= 0; i--) v = v * 256 + this.read(addr + i, 1);
      return v;
    }
    return size === 4 ? 0xffffffff : (1 << (size * 8)) - 1;
  }

  write(addr: number, size: 1 | 2 | 4, value: number): void {
    const off = addr + size <= this.low ? addr : this.span(addr, size);
    if (off >= 0) {
      this.written[off >>> 12] = 1;
      this.written[(off + size - 1) >>> 12] = 1;
      if (size === 1) this.ram[off] = value;
      else if (size === 2) this.view.setUint16(off, value, true);
      else this.view.setUint32(off, value >>> 0, true);
      return;
    }
    const r = this.region(addr);
    if (r) {
      r.device.write(addr - r.base, size, value);
      return;
    }
    if (this.overlapsRam(addr, size))
      for (let i = 0; i < size; i++) this.write(addr + i, 1, value >>> (8 * i));
  }
}
