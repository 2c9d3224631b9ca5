const KIB = 1024;
const MIB = 1024 * KIB;
const GIB = 1024 * MIB;

/**
 * The CMOS RAM bytes a PC BIOS and some kernels read, filled as QEMU's pc_cmos_init fills
 * them: the equipment byte, the conventional and extended memory sizes, the RAM between
 * 16 MiB and 4 GiB in 64 KiB units (0x34/0x35) and above 4 GiB (0x5b-0x5d), and the CPU count.
 * This machine has no RAM above 4 GiB and no floppy or IDE geometry to report.
 */
export function fillCmosMemory(ram: Uint8Array, ramSize: number): void {
  const below4g = Math.min(ramSize, 4 * GIB);
  const above4g = ramSize - below4g;
  // Equipment: math coprocessor and PS/2 mouse present, no floppy, EGA/VGA display.
  ram[0x14] = 0x06;
  setWord(ram, 0x15, Math.min(below4g / KIB, 640));
  const extended = below4g > MIB ? Math.min(Math.floor((below4g - MIB) / KIB), 0xffff) : 0;
  setWord(ram, 0x17, extended);
  setWord(ram, 0x30, extended);
  const high =
    below4g > 16 * MIB ? Math.min(Math.floor((below4g - 16 * MIB) / (64 * KIB)), 0xffff) : 0;
  setWord(ram, 0x34, high);
  const above = Math.floor(above4g / (64 * KIB));
  ram[0x5b] = above & 0xff;
  ram[0x5c] = (above >> 8) & 0xff;
  ram[0x5d] = (above >> 16) & 0xff;
  // Processors minus one.
  ram[0x5f] = 0;
}

function setWord(ram: Uint8Array, at: number, v: number): void {
  ram[at] = v & 0xff;
  ram[at + 1] = (v >> 8) & 0xff;
}
