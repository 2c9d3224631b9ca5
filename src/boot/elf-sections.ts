import { ByteReader } from './bytes.ts';
import { isElf } from './elf-magic.ts';

/** An allocated ELF section (SHF_ALLOC with an address): what the kernel's image holds where. */
export interface ElfSection {
  name: string;
  /** Link-time virtual address; a relocated kernel's sections move by its slide. */
  addr: bigint;
  size: bigint;
  writable: boolean;
  executable: boolean;
  /** SHT_NOBITS (.bss): memory only, nothing in the file. */
  noBits: boolean;
}

const SHT_NOBITS = 8;
const SHF_WRITE = 1;
const SHF_ALLOC = 2;
const SHF_EXECINSTR = 4;

/**
 * The allocated sections of an ELF32 or ELF64 image, by address, with their names from the
 * section-name string table. Like symbols, sections are a convenience for labels: anything
 * damaged or missing gives an empty list, never an error.
 */
export function readSections(bytes: Uint8Array): ElfSection[] {
  if (!isElf(bytes) || bytes.length < 52) return [];
  const r = new ByteReader(bytes, 'BOOT_TRUNCATED_HEADER');
  const is64 = r.u8(4) === 2;
  if (is64 && bytes.length < 64) return [];
  const shoff = is64 ? Number(r.u64(40)) : r.u32(32);
  const shentsize = r.u16(is64 ? 58 : 46);
  const shnum = r.u16(is64 ? 60 : 48);
  const shstrndx = r.u16(is64 ? 62 : 50);
  if (shoff === 0 || shentsize < (is64 ? 64 : 40) || !r.has(shoff, shnum * shentsize)) return [];
  const header = (i: number) => {
    const at = shoff + i * shentsize;
    const word = (o64: number, o32: number) => (is64 ? r.u64(at + o64) : BigInt(r.u32(at + o32)));
    return {
      nameOff: r.u32(at),
      type: r.u32(at + 4),
      flags: Number(word(8, 8) & 0xffn),
      addr: word(16, 12),
      offset: Number(word(24, 16)),
      size: word(32, 20),
    };
  };
  if (shstrndx >= shnum) return [];
  const names = header(shstrndx);
  const namesSize = Number(names.size);
  if (!r.has(names.offset, namesSize)) return [];
  const out: ElfSection[] = [];
  for (let i = 1; i < shnum; i++) {
    const h = header(i);
    if ((h.flags & SHF_ALLOC) === 0 || h.addr === 0n || h.size === 0n) continue;
    const name =
      h.nameOff < namesSize ? r.cstring(names.offset + h.nameOff, namesSize - h.nameOff) : '';
    out.push({
      name,
      addr: h.addr,
      size: h.size,
      writable: (h.flags & SHF_WRITE) !== 0,
      executable: (h.flags & SHF_EXECINSTR) !== 0,
      noBits: h.type === SHT_NOBITS,
    });
  }
  return out.sort((a, b) => (a.addr < b.addr ? -1 : a.addr > b.addr ? 1 : 0));
}
