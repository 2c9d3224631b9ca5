// Just enough of ELF64 to check the Limine kernels' layout: the program headers, and the file
// offset of a virtual address.
export interface Segment {
  type: number;
  flags: number;
  offset: number;
  vaddr: bigint;
  filesz: number;
  memsz: number;
}

export const PT_LOAD = 1;
export const PF_X = 1;
export const PF_W = 2;
export const PF_R = 4;

export function readElf64(bytes: Uint8Array): { entry: bigint; segments: Segment[] } {
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const magic = String.fromCharCode(...bytes.subarray(1, 4));
  if (bytes[0] !== 0x7f || magic !== 'ELF' || bytes[4] !== 2) throw new Error('not ELF64');
  const phoff = Number(v.getBigUint64(32, true));
  const phentsize = v.getUint16(54, true);
  const phnum = v.getUint16(56, true);
  const segments: Segment[] = [];
  for (let i = 0; i < phnum; i++) {
    const at = phoff + i * phentsize;
    segments.push({
      type: v.getUint32(at, true),
      flags: v.getUint32(at + 4, true),
      offset: Number(v.getBigUint64(at + 8, true)),
      vaddr: v.getBigUint64(at + 16, true),
      filesz: Number(v.getBigUint64(at + 32, true)),
      memsz: Number(v.getBigUint64(at + 40, true)),
    });
  }
  return { entry: v.getBigUint64(24, true), segments };
}

/** The section names of an ELF32 or ELF64 file: to check .symtab stays and debug info goes. */
export function sectionNames(bytes: Uint8Array): string[] {
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const is64 = bytes[4] === 2;
  const shoff = is64 ? Number(v.getBigUint64(40, true)) : v.getUint32(32, true);
  const shentsize = v.getUint16(is64 ? 58 : 46, true);
  const shnum = v.getUint16(is64 ? 60 : 48, true);
  const shstrndx = v.getUint16(is64 ? 62 : 50, true);
  const offsetOf = (i: number) => {
    const at = shoff + i * shentsize;
    return is64 ? Number(v.getBigUint64(at + 24, true)) : v.getUint32(at + 16, true);
  };
  const strtab = offsetOf(shstrndx);
  const names: string[] = [];
  for (let i = 0; i < shnum; i++) {
    let at = strtab + v.getUint32(shoff + i * shentsize, true);
    let name = '';
    while (bytes[at] !== 0) name += String.fromCharCode(bytes[at++]);
    names.push(name);
  }
  return names;
}
