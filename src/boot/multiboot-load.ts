import { fail, hex } from './errors.ts';
import type { ElfImage } from './elf.ts';

/** A piece of the kernel placed at a physical address: file bytes, then zeros up to memsz. */
export interface LoadChunk {
  phys: number;
  data: Uint8Array;
  memsz: number;
  name: string;
  vaddr?: bigint;
}

export interface KernelLoad {
  chunks: LoadChunk[];
  entry: number;
  /** Lowest and highest physical byte loaded (end exclusive). */
  low: number;
  high: number;
}

/** The a.out-kludge fields of either Multiboot version; loadAddr -1 (MB2) means "from byte 0". */
export interface Kludge {
  headerOffset: number;
  headerAddr: number;
  loadAddr: number;
  loadEndAddr: number;
  bssEndAddr: number;
  entryAddr: number | undefined;
}

const FOUR_GIB = 2 ** 32;

/**
 * Loads a raw image with the a.out-kludge address fields (Multiboot 1 flag 16, Multiboot 2
 * address tag): the file from the header's position minus (header_addr - load_addr) goes to
 * load_addr, up to load_end_addr (or the end of the file), then zeros to bss_end_addr.
 */
export function loadWithKludge(file: Uint8Array, k: Kludge): KernelLoad {
  const fromStart = k.loadAddr === 0xffffffff;
  const loadAddr = fromStart ? k.headerAddr - k.headerOffset : k.loadAddr;
  if (k.headerAddr < loadAddr)
    fail('BOOT_BAD_LOAD_ADDRESS', `header_addr ${hex(k.headerAddr)} < load_addr ${hex(loadAddr)}`);
  const fileOffset = fromStart ? 0 : k.headerOffset - (k.headerAddr - loadAddr);
  if (fileOffset < 0)
    fail('BOOT_BAD_LOAD_ADDRESS', `load_addr ${hex(loadAddr)} is before the start of the file`);
  if (k.loadEndAddr !== 0 && k.loadEndAddr < loadAddr) {
    fail(
      'BOOT_BAD_LOAD_ADDRESS',
      `load_end_addr ${hex(k.loadEndAddr)} < load_addr ${hex(loadAddr)}`,
    );
  }
  const size = k.loadEndAddr !== 0 ? k.loadEndAddr - loadAddr : file.length - fileOffset;
  if (fileOffset + size > file.length) {
    fail(
      'BOOT_BAD_LOAD_ADDRESS',
      `${size} bytes from offset ${fileOffset} but the file has ${file.length}`,
    );
  }
  if (k.bssEndAddr !== 0 && k.bssEndAddr < loadAddr + size) {
    fail(
      'BOOT_BAD_LOAD_ADDRESS',
      `bss_end_addr ${hex(k.bssEndAddr)} is below the end of the loaded image`,
    );
  }
  const memsz = k.bssEndAddr !== 0 ? k.bssEndAddr - loadAddr : size;
  if (k.entryAddr === undefined)
    fail('BOOT_NO_ENTRY', 'the address tag comes without an entry address tag');
  const chunk = {
    phys: loadAddr,
    data: file.subarray(fileOffset, fileOffset + size),
    memsz,
    name: 'kernel image',
  };
  return finish([chunk], k.entryAddr);
}

/**
 * Loads an ELF kernel the way GRUB does for Multiboot: each PT_LOAD at its physical address
 * (p_paddr), and an entry point given as a virtual address inside a segment translated to
 * the physical one, so higher-half kernels that link e_entry high still start.
 */
export function loadElfPhysical(
  file: Uint8Array,
  elf: ElfImage,
  entryOverride?: number,
): KernelLoad {
  if (elf.loads.length === 0)
    fail('BOOT_NO_SEGMENTS', 'there is no PT_LOAD segment with a non-zero size');
  const chunks: LoadChunk[] = elf.loads.map((s) => {
    if (s.paddr + s.memsz > BigInt(FOUR_GIB)) {
      fail(
        'BOOT_SEGMENT_OUTSIDE_RAM',
        `segment ${s.index} at physical ${hex(s.paddr)} is above 4 GiB`,
      );
    }
    return {
      phys: Number(s.paddr),
      data: file.subarray(s.offset, s.offset + s.filesz),
      memsz: Number(s.memsz),
      name: `segment ${s.index}`,
      vaddr: s.vaddr,
    };
  });
  let entry = entryOverride !== undefined ? BigInt(entryOverride) : elf.entry;
  if (entryOverride === undefined) {
    const home = elf.loads.find((s) => s.vaddr <= entry && entry < s.vaddr + s.memsz);
    if (home) entry = entry - home.vaddr + home.paddr;
  }
  if (entry >= BigInt(FOUR_GIB))
    fail(
      'BOOT_NO_ENTRY',
      `the entry point ${hex(entry)} is above 4 GiB, out of reach of 32-bit code`,
    );
  return finish(chunks, Number(entry));
}

function finish(chunks: LoadChunk[], entry: number): KernelLoad {
  const low = Math.min(...chunks.map((c) => c.phys));
  const high = Math.max(...chunks.map((c) => c.phys + c.memsz));
  if (entry === 0 || !chunks.some((c) => c.phys <= entry && entry < c.phys + c.memsz)) {
    fail(
      'BOOT_NO_ENTRY',
      `the entry point ${hex(entry)} is not inside anything loaded (${hex(low)}-${hex(high)})`,
    );
  }
  return { chunks, entry, low, high };
}
