/**
 * Builds small ELF32/ELF64 executables for tests, byte by byte as the gABI lays them out:
 * header, program headers, each segment's bytes at a file offset congruent to its address
 * modulo 4 KiB (as linkers place them), and optionally a symbol table with section headers.
 */
export interface SegmentSpec {
  vaddr: bigint | number;
  paddr?: bigint | number;
  data?: Uint8Array;
  /** Defaults to the data length; larger values make a BSS. */
  memsz?: bigint | number;
  /** PF_R 4, PF_W 2, PF_X 1. Defaults to R+X. */
  flags?: number;
  align?: number;
  type?: number;
}

export interface SymbolSpec {
  name: string;
  value: bigint | number;
  size?: number;
  /** 1 object, 2 func, 4 file... */
  type?: number;
  global?: boolean;
}

export interface ElfSpec {
  class: 32 | 64;
  machine?: number;
  type?: number;
  entry: bigint | number;
  segments: SegmentSpec[];
  symbols?: SymbolSpec[];
}

export function buildElf(spec: ElfSpec): Uint8Array {
  const is64 = spec.class === 64;
  const ehsize = is64 ? 64 : 52;
  const phentsize = is64 ? 56 : 32;
  let cursor = ehsize + phentsize * spec.segments.length;
  const placed = spec.segments.map((s) => {
    const data = s.data ?? new Uint8Array(0);
    const page = Number(BigInt(s.vaddr) % 4096n);
    let offset = Math.floor(cursor / 4096) * 4096 + page;
    if (offset < cursor) offset += 4096;
    cursor = offset + data.length;
    return { ...s, data, offset };
  });
  const symtab = spec.symbols ? symbolSection(spec.symbols, is64) : undefined;
  const symOffset = Math.ceil(cursor / 8) * 8;
  const strOffset = symOffset + (symtab?.table.length ?? 0);
  const shstr = new TextEncoder().encode('\0.symtab\0.strtab\0.shstrtab\0');
  const shstrOffset = strOffset + (symtab?.strings.length ?? 0);
  const shoff = Math.ceil((shstrOffset + shstr.length) / 8) * 8;
  const shentsize = is64 ? 64 : 40;
  const total = symtab ? shoff + 4 * shentsize : cursor;
  const out = new Uint8Array(total);
  const v = new DataView(out.buffer);
  const word = (at: number, value: bigint | number) =>
    is64 ? v.setBigUint64(at, BigInt(value), true) : v.setUint32(at, Number(value), true);

  out.set([0x7f, 0x45, 0x4c, 0x46, spec.class === 64 ? 2 : 1, 1, 1]);
  v.setUint16(16, spec.type ?? 2, true);
  v.setUint16(18, spec.machine ?? (is64 ? 62 : 3), true);
  v.setUint32(20, 1, true);
  word(24, spec.entry);
  word(is64 ? 32 : 28, ehsize);
  word(is64 ? 40 : 32, symtab ? shoff : 0);
  v.setUint16(is64 ? 52 : 40, ehsize, true);
  v.setUint16(is64 ? 54 : 42, phentsize, true);
  v.setUint16(is64 ? 56 : 44, spec.segments.length, true);
  v.setUint16(is64 ? 58 : 46, shentsize, true);
  v.setUint16(is64 ? 60 : 48, symtab ? 4 : 0, true);
  v.setUint16(is64 ? 62 : 50, symtab ? 3 : 0, true);

  placed.forEach((s, i) => {
    const at = ehsize + i * phentsize;
    const memsz = BigInt(s.memsz ?? s.data.length);
    v.setUint32(at, s.type ?? 1, true);
    if (is64) {
      v.setUint32(at + 4, s.flags ?? 5, true);
      v.setBigUint64(at + 8, BigInt(s.offset), true);
      v.setBigUint64(at + 16, BigInt(s.vaddr), true);
      v.setBigUint64(at + 24, BigInt(s.paddr ?? s.vaddr), true);
      v.setBigUint64(at + 32, BigInt(s.data.length), true);
      v.setBigUint64(at + 40, memsz, true);
      v.setBigUint64(at + 48, BigInt(s.align ?? 4096), true);
    } else {
      v.setUint32(at + 4, s.offset, true);
      v.setUint32(at + 8, Number(s.vaddr), true);
      v.setUint32(at + 12, Number(s.paddr ?? s.vaddr), true);
      v.setUint32(at + 16, s.data.length, true);
      v.setUint32(at + 20, Number(memsz), true);
      v.setUint32(at + 24, s.flags ?? 5, true);
      v.setUint32(at + 28, s.align ?? 4096, true);
    }
    out.set(s.data, s.offset);
  });

  if (symtab) {
    out.set(symtab.table, symOffset);
    out.set(symtab.strings, strOffset);
    out.set(shstr, shstrOffset);
    const section = (
      n: number,
      name: number,
      type: number,
      offset: number,
      size: number,
      link: number,
      entsize: number,
    ) => {
      const at = shoff + n * shentsize;
      v.setUint32(at, name, true);
      v.setUint32(at + 4, type, true);
      word(at + (is64 ? 24 : 16), offset);
      word(at + (is64 ? 32 : 20), size);
      v.setUint32(at + (is64 ? 40 : 24), link, true);
      word(at + (is64 ? 56 : 36), entsize);
    };
    section(1, 1, 2, symOffset, symtab.table.length, 2, is64 ? 24 : 16);
    section(2, 9, 3, strOffset, symtab.strings.length, 0, 0);
    section(3, 17, 3, shstrOffset, shstr.length, 0, 0);
  }
  return out;
}

function symbolSection(
  symbols: SymbolSpec[],
  is64: boolean,
): { table: Uint8Array; strings: Uint8Array } {
  const entsize = is64 ? 24 : 16;
  const table = new Uint8Array((symbols.length + 1) * entsize);
  const v = new DataView(table.buffer);
  const names: number[] = [0];
  let strings = '\0';
  symbols.forEach((s, i) => {
    const at = (i + 1) * entsize;
    const info = ((s.global ?? true) ? 1 << 4 : 0) | (s.type ?? 2);
    v.setUint32(at, strings.length, true);
    names.push(strings.length);
    strings += `${s.name}\0`;
    if (is64) {
      v.setUint8(at + 4, info);
      v.setUint16(at + 6, 1, true);
      v.setBigUint64(at + 8, BigInt(s.value), true);
      v.setBigUint64(at + 16, BigInt(s.size ?? 0), true);
    } else {
      v.setUint32(at + 4, Number(s.value), true);
      v.setUint32(at + 8, s.size ?? 0, true);
      v.setUint8(at + 12, info);
      v.setUint16(at + 14, 1, true);
    }
  });
  return { table, strings: new TextEncoder().encode(strings) };
}
