/**
 * Where guest RAM sits in the physical address space, as QEMU's pc machine lays it out
 * (hw/i386/pc_piix.c): below 3.5 GiB all of it is contiguous from 0; from 3.5 GiB on, the
 * part below 4 GiB stops at 3 GiB (QEMU keeps the split gigabyte aligned) and the rest
 * continues at 4 GiB, leaving 0xc0000000-0xffffffff to the PCI hole (framebuffer, I/O APIC,
 * local APIC, firmware flash).
 */
export const RAM_SPLIT_FROM = 0xe0000000;
export const BELOW_4G_WHEN_SPLIT = 0xc0000000;
export const ABOVE_4G_BASE = 2 ** 32;

export interface RamLayout {
  /** Bytes of RAM from physical address 0. */
  below4g: number;
  /** Bytes of RAM from ABOVE_4G_BASE (0 when all of it fits below). */
  above4g: number;
}

export function ramLayout(ramSize: number): RamLayout {
  const below4g = ramSize >= RAM_SPLIT_FROM ? BELOW_4G_WHEN_SPLIT : ramSize;
  return { below4g, above4g: ramSize - below4g };
}

/**
 * A copy of physical [address, address + length) from a RAM buffer laid out as ramLayout
 * says for its size; bytes with no RAM behind them (the PCI hole, past the end) read as all
 * ones, as the machine reads them. For readers that hold the buffer without the machine (the
 * page, with guest RAM shared).
 */
export function readPhysical(ram: Uint8Array, address: number, length: number): Uint8Array {
  const { below4g } = ramLayout(ram.length);
  const out = new Uint8Array(Math.max(0, length)).fill(0xff);
  const copy = (physStart: number, bufferStart: number, size: number) => {
    const from = Math.max(address, physStart);
    const to = Math.min(address + out.length, physStart + size);
    if (from < to)
      out.set(
        ram.subarray(bufferStart + from - physStart, bufferStart + to - physStart),
        from - address,
      );
  };
  copy(0, 0, below4g);
  copy(ABOVE_4G_BASE, below4g, ram.length - below4g);
  return out;
}
