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

  constructor(
    private readonly mem: PhysicalMemory,
    readonly outside = 0,
  ) {
    const ram = mem.ram;
    // RAM always starts a buffer (PhysicalMemory creates it so); entries are aligned.
    if (ram.byteOffset % 4 !== 0) throw new RangeError('guest RAM is not 4-byte aligned');
    this.words = new Uint32Array(ram.buffer, ram.byteOffset, ram.byteLength / 4);
  }

  /** The uint32 at physical `addr` (4-byte aligned), `outside` where no RAM is. */
  u32At(addr: number): number {
    const at = this.mem.offsetOf(addr);
    return at < 0 ? this.outside : this.words[at >>> 2];
  }

  /** The index in `words` of the RAM dword at physical `addr` (4-byte aligned, in RAM). */
  wordIndex(addr: number): number {
    return this.mem.offsetOf(addr) / 4;
  }

  /** Whether all `bytes` from physical `addr` are RAM (aligned entries never straddle its ends). */
  isRam(addr: number, bytes = 8): boolean {
    return this.mem.isRam(addr) && this.mem.isRam(addr + bytes - 1);
  }
}

/** The 0x3fffffffff000 mask QEMU's monitor applies to every table address, from an entry's dwords. */
export function tableAddr(lo: number, hi: number): number {
  return (hi & 0x3ffff) * TWO32 + ((lo & 0xfffff000) >>> 0);
}
