import { describe, expect, it } from 'vitest';
import type { PhysicalMemory } from '../core/memory/physical-memory.ts';
import { multiboot2Elf64 } from './test-helpers/kernels.ts';
import { boot } from './test-helpers/machine.ts';

/** The body offset of the first Multiboot 2 information tag of `type`, read from RAM. */
function findTag(mem: PhysicalMemory, info: number, type: number): number | undefined {
  const total = mem.view.getUint32(info, true);
  for (let at = info + 8; at < info + total;) {
    const t = mem.view.getUint32(at, true);
    if (t === type) return at;
    if (t === 0) return undefined;
    at += Math.ceil(mem.view.getUint32(at + 4, true) / 8) * 8;
  }
  return undefined;
}

interface Section {
  name: number;
  addr: number;
  offset: number;
  size: number;
}

function sectionAt(v: DataView, at: number): Section {
  return {
    name: v.getUint32(at, true),
    addr: Number(v.getBigUint64(at + 16, true)),
    offset: Number(v.getBigUint64(at + 24, true)),
    size: Number(v.getBigUint64(at + 32, true)),
  };
}

function nameOf(bytes: Uint8Array, at: number): string {
  let s = '';
  for (let k = at; bytes[k] !== 0; k++) s += String.fromCharCode(bytes[k]);
  return s;
}

describe('the Multiboot 2 ELF symbols tag (type 9), as GRUB 2 gives it', () => {
  const image = multiboot2Elf64();
  const file = new DataView(image.buffer, image.byteOffset);
  const shoff = Number(file.getBigUint64(40, true));
  const shnum = file.getUint16(60, true);
  const fileSection = (i: number) => sectionAt(file, shoff + i * 64);

  it('carries the whole section header table with 32-bit num, entsize and shndx', () => {
    const { mem, cpu } = boot(image);
    const tag = findTag(mem, cpu.gpr[3 * 2], 9);
    expect(tag).toBeDefined();
    const v = mem.view;
    expect(v.getUint32(tag! + 4, true)).toBe(20 + shnum * 64);
    expect(v.getUint32(tag! + 8, true)).toBe(shnum);
    expect(v.getUint32(tag! + 12, true)).toBe(64);
    expect(v.getUint32(tag! + 16, true)).toBe(file.getUint16(62, true));
  });

  it('copies the sections the segments do not load and points sh_addr at the copies', () => {
    const { mem, cpu } = boot(image);
    const headers = findTag(mem, cpu.gpr[3 * 2], 9)! + 20;
    const names: string[] = [];
    const shstrndx = file.getUint16(62, true);
    const strings = sectionAt(mem.view, headers + shstrndx * 64);
    for (let i = 1; i < shnum; i++) {
      const inFile = fileSection(i);
      const inTag = sectionAt(mem.view, headers + i * 64);
      names.push(nameOf(mem.ram, strings.addr + inTag.name));
      if (inFile.addr !== 0) {
        expect(inTag.addr).toBe(inFile.addr); // loaded: the link-time address
        continue;
      }
      expect(inTag.addr).toBeGreaterThanOrEqual(0x100000);
      expect(mem.ram.slice(inTag.addr, inTag.addr + inTag.size)).toEqual(
        image.slice(inFile.offset, inFile.offset + inFile.size),
      );
    }
    expect(names).toEqual(expect.arrayContaining(['.text', '.symtab', '.strtab', '.shstrtab']));
  });

  it('keeps the copies out of the kernel and the information structure', () => {
    const { plan, cpu } = boot(image);
    const copies = plan.regions.find((r) => r.kind === 'kernel-file')!.phys!;
    const info = cpu.gpr[3 * 2];
    expect(copies.base + copies.length <= info || copies.base >= info + 4096).toBe(true);
    const kernelEnd = Math.max(
      ...plan.regions
        .filter((r) => r.kind === 'kernel-segment')
        .map((r) => r.phys!.base + r.phys!.length),
    );
    expect(kernelEnd).toBeGreaterThan(0x100000);
    expect(copies.base).toBeGreaterThanOrEqual(kernelEnd);
  });
});
