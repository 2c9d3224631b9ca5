import { alignUp, ByteReader, ByteWriter } from './bytes.ts';
import type { ElfImage } from './elf.ts';

const SHT_NOBITS = 8;

/**
 * The section header table as GRUB 2 hands it to a Multiboot kernel (Multiboot 1 info flag 5,
 * the Multiboot 2 ELF symbols tag 9), so the kernel can find its own symbol and string tables: sections the segments do
 * not load (sh_addr 0: .symtab, .strtab, .shstrtab, debug info) are copied into RAM and their
 * sh_addr rewritten to the copy; loaded sections keep their link-time address. `copies` holds
 * those sections one after another, each at its own alignment; `headers(base)` is the
 * rewritten table once the loader has placed the copies at `base`.
 */
export interface ElfSectionCopies {
  num: number;
  entsize: number;
  shndx: number;
  copies: Uint8Array;
  headers(copiesBase: number): Uint8Array;
}

/**
 * Undefined when the file has no section headers or they are damaged (the symbols already
 * carry a warning then): the kernel boots without the tag rather than not at all.
 */
export function elfSectionCopies(file: Uint8Array, elf: ElfImage): ElfSectionCopies | undefined {
  const { offset: shoff, entsize, count: num, namesIndex: shndx } = elf.sectionTable;
  const is64 = elf.class === 64;
  const r = new ByteReader(file, 'BOOT_TRUNCATED_HEADER');
  if (shoff === 0 || num === 0 || entsize < (is64 ? 64 : 40) || !r.has(shoff, num * entsize))
    return undefined;
  const field = (at: number, off64: number, off32: number) =>
    is64 ? Number(r.u64(at + off64)) : r.u32(at + off32);

  const copied: { header: number; from: number; length: number; at: number }[] = [];
  let size = 0;
  for (let i = 0; i < num; i++) {
    const header = shoff + i * entsize;
    const addr = field(header, 16, 12);
    const from = field(header, 24, 16);
    const length = field(header, 32, 20);
    const align = Math.max(1, field(header, 48, 32));
    if (addr !== 0 || length === 0 || r.u32(header + 4) === SHT_NOBITS) continue;
    if (!r.has(from, length) || !Number.isSafeInteger(align)) return undefined;
    size = alignUp(size, align);
    copied.push({ header, from, length, at: size });
    size += length;
  }
  const copies = new Uint8Array(size);
  for (const c of copied) copies.set(r.slice(c.from, c.length), c.at);
  const table = r.slice(shoff, num * entsize);
  return {
    num,
    entsize,
    shndx,
    copies,
    headers(copiesBase: number): Uint8Array {
      const w = new ByteWriter(table.length);
      w.put(0, table);
      for (const c of copied) {
        const addrAt = c.header - shoff + (is64 ? 16 : 12);
        if (is64) w.u64(addrAt, copiesBase + c.at);
        else w.u32(addrAt, copiesBase + c.at);
      }
      return w.bytes;
    },
  };
}
