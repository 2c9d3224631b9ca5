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
 * The physical address space: RAM from 0, then MMIO regions. Reads of unbacked addresses
 * return all ones and writes to them are dropped, as on a PC bus with nothing decoding them.
 */
export class PhysicalMemory {
  readonly ram: Uint8Array;
  readonly view: DataView;
  readonly size: number;
  /**
   * One byte a 4 KiB page: 1 when the page may differ from the last machine snapshot
   * (core/machine/snapshot-ram.ts). All 1 until a snapshot is taken. Writes through write()
   * mark it; the CPU's direct writes need a TLB right (T_RAM_W) that only written pages get.
   */
  readonly written: Uint8Array;
  private readonly regions: MmioRegion[] = [];

  constructor(size: number, buffer?: ArrayBufferLike) {
    if (size % 4096 !== 0) throw new RangeError(`RAM size ${size} is not a multiple of 4 KiB`);
    const backing = buffer ?? new ArrayBuffer(size);
    this.ram = new Uint8Array(backing, 0, size);
    this.view = new DataView(backing, 0, size);
    this.size = size;
    this.written = new Uint8Array(size / 4096).fill(1);
  }

  mapMmio(base: number, length: number, device: MmioDevice): void {
    this.regions.push({ base, end: base + length, device });
  }

  isRam(addr: number): boolean {
    return addr < this.size;
  }

  private region(addr: number): MmioRegion | undefined {
    for (const r of this.regions) if (addr >= r.base && addr < r.end) return r;
    return undefined;
  }

  /** Reads 1, 2 or 4 bytes; the address need not be in RAM. Returns an unsigned value. */
  read(addr: number, size: 1 | 2 | 4): number {
    if (addr + size <= this.size) {
      if (size === 1) return this.ram[addr];
      if (size === 2) return this.view.getUint16(addr, true);
      return this.view.getUint32(addr, true);
    }
    const r = this.region(addr);
    if (r) return r.device.read(addr - r.base, size) >>> 0;
    if (addr < this.size) {
      // A read straddling the end of RAM: assemble the bytes one at a time.
      let v = 0;
      for (let i = size - 1; i >= 0; i--) v = v * 256 + this.read(addr + i, 1);
      return v;
    }
    return size === 4 ? 0xffffffff : (1 << (size * 8)) - 1;
  }

  write(addr: number, size: 1 | 2 | 4, value: number): void {
    if (addr + size <= this.size) {
      this.written[addr >>> 12] = 1;
      this.written[(addr + size - 1) >>> 12] = 1;
      if (size === 1) this.ram[addr] = value;
      else if (size === 2) this.view.setUint16(addr, value, true);
      else this.view.setUint32(addr, value >>> 0, true);
      return;
    }
    const r = this.region(addr);
    if (r) {
      r.device.write(addr - r.base, size, value);
      return;
    }
    if (addr < this.size) for (let i = 0; i < size; i++) this.write(addr + i, 1, value >>> (8 * i));
  }
}
