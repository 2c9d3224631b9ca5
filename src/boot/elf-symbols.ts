import type { ByteReader } from './bytes.ts';

export type SymbolType = 'notype' | 'object' | 'func' | 'common' | 'tls' | 'other';

/** A symbol the UI can put on an address: function and object names, with their extent. */
export interface ElfSymbol {
  name: string;
  value: bigint;
  size: bigint;
  type: SymbolType;
  /** STB_GLOBAL/STB_WEAK (true) or STB_LOCAL (false). */
  global: boolean;
}

const SHT_SYMTAB = 2;
const SHT_DYNSYM = 11;
const STT_SECTION = 3;
const STT_FILE = 4;
const TYPE_NAMES: Record<number, SymbolType> = {
  0: 'notype',
  1: 'object',
  2: 'func',
  5: 'common',
  6: 'tls',
};
/** Enough for any kernel; a corrupt table must not make the UI hold millions of names. */
const MAX_SYMBOLS = 500_000;

interface Section {
  type: number;
  offset: number;
  size: number;
  link: number;
}

/**
 * Reads the static symbol table (or the dynamic one when stripped) for the UI. Symbols are a
 * convenience, not something booting needs, so damage here becomes a warning, never an error.
 */
export function readSymbols(
  r: ByteReader,
  is64: boolean,
  shoff: number,
  shentsize: number,
  shnum: number,
  warnings: string[],
): ElfSymbol[] {
  if (shoff === 0 || shnum === 0) return [];
  if (shentsize < (is64 ? 64 : 40) || !r.has(shoff, shnum * shentsize)) {
    warnings.push('the section header table is damaged or cut short, so no symbols are shown');
    return [];
  }
  const sections: Section[] = [];
  for (let i = 0; i < shnum; i++) sections.push(readSection(r, is64, shoff + i * shentsize));
  const table =
    sections.find((s) => s.type === SHT_SYMTAB) ?? sections.find((s) => s.type === SHT_DYNSYM);
  if (!table) return [];
  const strings = sections[table.link];
  const entsize = is64 ? 24 : 16;
  if (!strings || !r.has(table.offset, table.size) || !r.has(strings.offset, strings.size)) {
    warnings.push('the symbol table lies outside the file, so no symbols are shown');
    return [];
  }
  const count = Math.min(Math.floor(table.size / entsize), MAX_SYMBOLS);
  const out: ElfSymbol[] = [];
  for (let i = 1; i < count; i++) {
    const at = table.offset + i * entsize;
    const nameOff = r.u32(at);
    const info = r.u8(at + (is64 ? 4 : 12));
    const shndx = r.u16(at + (is64 ? 6 : 14));
    const kind = info & 0xf;
    if (nameOff === 0 || nameOff >= strings.size || shndx === 0) continue;
    if (kind === STT_SECTION || kind === STT_FILE) continue;
    out.push({
      name: r.cstring(strings.offset + nameOff, strings.size - nameOff),
      value: is64 ? r.u64(at + 8) : BigInt(r.u32(at + 4)),
      size: is64 ? r.u64(at + 16) : BigInt(r.u32(at + 8)),
      type: TYPE_NAMES[kind] ?? 'other',
      global: info >> 4 !== 0,
    });
  }
  return out.sort((a, b) => (a.value < b.value ? -1 : a.value > b.value ? 1 : 0));
}

function readSection(r: ByteReader, is64: boolean, at: number): Section {
  const type = r.u32(at + 4);
  // Sizes beyond 2^53 cannot be in any file; clamp so range checks simply fail.
  const big = (v: bigint) => (v > BigInt(Number.MAX_SAFE_INTEGER) ? -1 : Number(v));
  if (is64) {
    return {
      type,
      offset: big(r.u64(at + 24)),
      size: big(r.u64(at + 32)),
      link: r.u32(at + 40),
    };
  }
  return { type, offset: r.u32(at + 16), size: r.u32(at + 20), link: r.u32(at + 24) };
}
