import type { PhysicalMemory } from '../core/memory/physical-memory.ts';
import { TWO32 } from '../core/pair.ts';

/**
 * Reads paging entries straight from guest RAM, without going through PhysicalMemory.read:
 * that would call MMIO devices, and a device read can have effects (a UART read pops a byte).
 * Analysis must change nothing, so anything outside RAM reads as `outside` instead. QEMU's
 * monitor reads zeros there on the PC machine (checked in the QEMU proof: a table at 256 MiB,
 * in the PCI hole, and one at 4 GiB, both above RAM), so the QEMU views use 0.
 */
export class RamReader {
  /** RAM as little-endian dwords (every engine pagescope runs on is little-endian). */
  readonly words: Uint32Array;
  readonly size: number;

  constructor(
    mem: PhysicalMemory,
    readonly outside = 0,
  ) {
    const ram = mem.ram;
    this.size = mem.size;
    // RAM always starts a buffer (PhysicalMemory creates it so); entries are aligned.
    if (ram.byteOffset % 4 !== 0) throw new RangeError('guest RAM is not 4-byte aligned');
    this.words = new Uint32Array(ram.buffer, ram.byteOffset, ram.byteLength >>> 2);
  }

  /** The uint32 at physical `addr` (4-byte aligned), `outside` past the end of RAM. */
  u32At(addr: number): number {
    if (addr + 4 > this.size) return this.outside;
    return this.words[addr >>> 2];
  }

  isRam(addr: number, bytes = 8): boolean {
    return addr + bytes <= this.size;
  }
}

/** The 0x3fffffffff000 mask QEMU's monitor applies to every table address, from an entry's dwords. */
export function tableAddr(lo: number, hi: number): number {
  return (hi & 0x3ffff) * TWO32 + ((lo & 0xfffff000) >>> 0);
}
