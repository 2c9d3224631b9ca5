import { ByteReader } from './bytes.ts';
import { isElf } from './elf-magic.ts';
import { fail, hex } from './errors.ts';
import { readSections } from './elf-sections.ts';
import type { ElfSection } from './elf-sections.ts';
import { readSymbols } from './elf-symbols.ts';
import type { ElfSymbol } from './elf-symbols.ts';

/** ELF constants (System V gABI; the x86-64 psABI for EM_X86_64). */
export const EM_386 = 3;
export const EM_X86_64 = 62;
export const ET_EXEC = 2;
export const ET_DYN = 3;
export const PT_LOAD = 1;
export const PT_DYNAMIC = 2;
export const PF_X = 1;
export const PF_W = 2;
export const PF_R = 4;
const PN_XNUM = 0xffff;

export interface ElfSegment {
  /** Index in the program header table, for messages. */
  index: number;
  type: number;
  flags: number;
  /** File offset and size of the bytes the segment loads (checked to lie inside the file). */
  offset: number;
  filesz: number;
  vaddr: bigint;
  paddr: bigint;
  /** Size in memory; the part past filesz is zero-filled (BSS). May be far larger than the file. */
  memsz: bigint;
  align: bigint;
}

export interface ElfImage {
  class: 32 | 64;
  machine: number;
  type: number;
  entry: bigint;
  /** Every program header, in table order. */
  segments: ElfSegment[];
  /** PT_LOAD segments with a non-zero memory size: what a loader places. */
  loads: ElfSegment[];
  symbols: ElfSymbol[];
  /** The allocated sections at their link addresses, for labels. */
  sections: ElfSection[];
  /** Where the section header table is (e_shoff, e_shentsize, e_shnum, e_shstrndx), unchecked. */
  sectionTable: { offset: number; entsize: number; count: number; namesIndex: number };
  /** Non-fatal oddities (damaged section headers...), shown to the user. */
  warnings: string[];
}

/**
 * Parses an ELF32 or ELF64 x86 executable: header, program headers and (best effort) the
 * symbol table. Fails with a coded error on anything a loader could not use.
 */
export function parseElf(bytes: Uint8Array): ElfImage {
  const r = new ByteReader(bytes, 'BOOT_TRUNCATED_HEADER');
  if (!isElf(bytes)) fail('BOOT_NOT_ELF', 'it does not start with 7f 45 4c 46');
  const cls = r.u8(4);
  if (cls !== 1 && cls !== 2)
    fail('BOOT_UNSUPPORTED_MACHINE', `ELF class ${cls} is neither 32- nor 64-bit`);
  if (r.u8(5) !== 1) fail('BOOT_UNSUPPORTED_MACHINE', 'the ELF file is big-endian');
  const is64 = cls === 2;
  if (!r.has(0, is64 ? 64 : 52))
    fail('BOOT_TRUNCATED_HEADER', `the file has ${bytes.length} bytes`);
  const type = r.u16(16);
  const machine = r.u16(18);
  if (machine !== (is64 ? EM_X86_64 : EM_386)) {
    fail('BOOT_UNSUPPORTED_MACHINE', `e_machine is ${machine} in an ELF${is64 ? 64 : 32} file`);
  }
  if (type !== ET_EXEC && type !== ET_DYN) fail('BOOT_NOT_EXECUTABLE', `e_type is ${type}`);

  const entry = is64 ? r.u64(24) : BigInt(r.u32(24));
  const phoff = is64 ? Number(r.u64(32)) : r.u32(28);
  const shoff = is64 ? Number(r.u64(40)) : r.u32(32);
  const phentsize = r.u16(is64 ? 54 : 42);
  let phnum = r.u16(is64 ? 56 : 44);
  const shentsize = r.u16(is64 ? 58 : 46);
  const shnum = r.u16(is64 ? 60 : 48);
  const warnings: string[] = [];

  // With more than 0xfffe program headers the count moves to section 0's sh_info.
  if (phnum === PN_XNUM) phnum = extendedPhnum(r, is64, shoff, shentsize);

  const segments: ElfSegment[] = [];
  if (phnum > 0) {
    if (phentsize < (is64 ? 56 : 32)) fail('BOOT_TRUNCATED_PHDR', `e_phentsize is ${phentsize}`);
    if (!r.has(phoff, phnum * phentsize)) {
      fail(
        'BOOT_TRUNCATED_PHDR',
        `${phnum} entries at offset ${phoff} but the file has ${bytes.length} bytes`,
      );
    }
    for (let i = 0; i < phnum; i++) segments.push(readPhdr(r, is64, phoff + i * phentsize, i));
  }
  const loads = segments.filter((s) => s.type === PT_LOAD && s.memsz > 0n);
  const symbols = readSymbols(r, is64, shoff, shentsize, shnum, warnings);
  const sectionTable = {
    offset: shoff,
    entsize: shentsize,
    count: shnum,
    namesIndex: r.u16(is64 ? 62 : 50),
  };
  return {
    class: is64 ? 64 : 32,
    machine,
    type,
    entry,
    segments,
    loads,
    symbols,
    sections: readSections(bytes),
    sectionTable,
    warnings,
  };
}

function extendedPhnum(r: ByteReader, is64: boolean, shoff: number, shentsize: number): number {
  if (shoff === 0 || !r.has(shoff, shentsize) || shentsize < (is64 ? 64 : 40)) {
    fail('BOOT_TRUNCATED_PHDR', 'e_phnum is PN_XNUM but section 0 is missing');
  }
  return r.u32(shoff + (is64 ? 44 : 28));
}

function readPhdr(r: ByteReader, is64: boolean, at: number, index: number): ElfSegment {
  const type = r.u32(at);
  const flags = r.u32(at + (is64 ? 4 : 24));
  const offset = is64 ? r.u64(at + 8) : BigInt(r.u32(at + 4));
  const vaddr = is64 ? r.u64(at + 16) : BigInt(r.u32(at + 8));
  const paddr = is64 ? r.u64(at + 24) : BigInt(r.u32(at + 12));
  const filesz = is64 ? r.u64(at + 32) : BigInt(r.u32(at + 16));
  const memsz = is64 ? r.u64(at + 40) : BigInt(r.u32(at + 20));
  const align = is64 ? r.u64(at + 48) : BigInt(r.u32(at + 28));
  const loadable = type === PT_LOAD && memsz > 0n;
  if (loadable) {
    const limit = is64 ? 1n << 64n : 1n << 32n;
    if (filesz > memsz) {
      fail(
        'BOOT_BAD_SEGMENT',
        `segment ${index} has p_filesz ${hex(filesz)} > p_memsz ${hex(memsz)}`,
      );
    }
    if (vaddr + memsz > limit || paddr + memsz > limit) {
      fail('BOOT_BAD_SEGMENT', `segment ${index} at ${hex(vaddr)} wraps past the top of memory`);
    }
    if (offset + filesz > BigInt(r.length)) {
      fail(
        'BOOT_TRUNCATED_SEGMENT',
        `segment ${index} needs bytes up to offset ${hex(offset + filesz)} but the file has ${hex(r.length)}`,
      );
    }
  }
  // Other segments are only read when their bytes are in the file (PT_DYNAMIC for relocation);
  // one whose bytes are not reads as empty.
  const inFile = offset + filesz <= BigInt(r.length);
  const safeOffset = inFile ? Number(offset) : 0;
  const safeFilesz = inFile ? Number(filesz) : 0;
  return { index, type, flags, offset: safeOffset, filesz: safeFilesz, vaddr, paddr, memsz, align };
}
