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
