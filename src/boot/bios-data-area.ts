import { ByteWriter } from './bytes.ts';
import { EBDA_BASE } from './memory-map.ts';
import type { RamWrite } from './plan.ts';

/** Where the BIOS data area lives: segment 0x40. */
export const BDA_BASE = 0x400;

/**
 * The BIOS data area as SeaBIOS and the VGA BIOS leave it for a machine with COM1, a PS/2
 * keyboard and mouse, an FPU and VGA text mode 3. Kernels read it for what the BIOS found:
 * COM port addresses, the EBDA segment (where MP and ACPI scans start), base memory.
 */
function biosDataArea(): Uint8Array {
  const w = new ByteWriter(0x100);
  w.u16(0x00, 0x3f8); // COM1; COM2-4 absent
  w.u16(0x0e, EBDA_BASE >> 4); // EBDA segment
  // Equipment word: FPU (bit 1), PS/2 mouse (bit 2), 80x25 colour (bits 4-5 = 10),
  // one serial port (bits 9-11).
  w.u16(0x10, 0x2 | 0x4 | 0x20 | (1 << 9));
  w.u16(0x13, EBDA_BASE / 1024); // base memory in KiB (INT 12h): 639
  // Keyboard buffer: empty (head = tail) in its default place, 0x41e-0x43e.
  w.u16(0x1a, 0x1e);
  w.u16(0x1c, 0x1e);
  w.u16(0x80, 0x1e);
  w.u16(0x82, 0x3e);
  // Video: mode 3, 80 columns, 4 KiB pages, CRTC at 0x3d4, 25 rows of 16.
  w.u8(0x49, 3);
  w.u16(0x4a, 80);
  w.u16(0x4c, 0x1000);
  w.u16(0x63, 0x3d4);
  w.u8(0x84, 24);
  w.u16(0x85, 16);
  return w.bytes;
}

/** The EBDA's first word is its own size in KiB. */
function ebdaHeader(): Uint8Array {
  const w = new ByteWriter(2);
  w.u16(0, (0xa0000 - EBDA_BASE) / 1024);
  return w.bytes;
}

/** The BDA and the EBDA's header, as RAM writes. */
export function biosDataWrites(): RamWrite[] {
  return [
    { address: BDA_BASE, bytes: biosDataArea() },
    { address: EBDA_BASE, bytes: ebdaHeader() },
  ];
}
