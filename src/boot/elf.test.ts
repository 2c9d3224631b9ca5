import { describe, expect, it } from 'vitest';
import { parseElf } from './elf.ts';
import { attempt } from './errors.ts';
import { buildElf } from './test-helpers/elf-builder.ts';
import type { ElfSpec } from './test-helpers/elf-builder.ts';

const code = new Uint8Array([0xf4, 0xeb, 0xfd]);

function spec(overrides: Partial<ElfSpec> = {}): ElfSpec {
  return {
    class: 64,
    entry: 0xffffffff80000000n,
    segments: [
      { vaddr: 0xffffffff80000000n, paddr: 0x200000, data: code, flags: 5 },
      { vaddr: 0xffffffff80001000n, data: new Uint8Array([1, 2]), memsz: 0x100000, flags: 6 },
    ],
    symbols: [
      { name: 'kmain', value: 0xffffffff80000000n, size: 3, type: 2 },
      { name: 'table', value: 0xffffffff80001000n, size: 2, type: 1, global: false },
      { name: 'main.c', value: 0, type: 4 },
    ],
    ...overrides,
  };
}

function error(bytes: Uint8Array): string | undefined {
  const r = attempt(() => parseElf(bytes));
  return r.ok ? undefined : r.error.code;
}

describe('ELF parsing', () => {
  it('reads an ELF64 header, its loadable segments and their physical addresses', () => {
    const elf = parseElf(buildElf(spec()));
    expect([elf.class, elf.machine, elf.entry]).toEqual([64, 62, 0xffffffff80000000n]);
    expect(elf.loads.map((s) => [s.vaddr, s.paddr, s.filesz, s.memsz, s.flags])).toEqual([
      [0xffffffff80000000n, 0x200000n, 3, 3n, 5],
      [0xffffffff80001000n, 0xffffffff80001000n, 2, 0x100000n, 6],
    ]);
  });

  it('reads the symbol table for the UI: names, values, sizes and types, file symbols left out', () => {
    const elf = parseElf(buildElf(spec()));
    expect(elf.symbols).toEqual([
      { name: 'kmain', value: 0xffffffff80000000n, size: 3n, type: 'func', global: true },
      { name: 'table', value: 0xffffffff80001000n, size: 2n, type: 'object', global: false },
    ]);
  });

  it('reads an ELF32 file the same way', () => {
    const elf = parseElf(
      buildElf({
        class: 32,
        entry: 0x100000,
        segments: [{ vaddr: 0x100000, data: code }],
        symbols: [{ name: '_start', value: 0x100000 }],
      }),
    );
    expect([elf.class, elf.machine, elf.entry, elf.loads.length, elf.symbols[0].name]).toEqual([
      32,
      3,
      0x100000n,
      1,
      '_start',
    ]);
  });

  it('skips segments of size zero, even with an offset past the end of the file', () => {
    const bytes = buildElf(
      spec({ segments: [{ vaddr: 0x100000, data: code }, { vaddr: 0x200000 }] }),
    );
    // Point the empty segment's p_offset far outside the file: nothing is read from it.
    new DataView(bytes.buffer).setBigUint64(64 + 56 + 8, 0xffffffffn, true);
    expect(parseElf(bytes).loads.length).toBe(1);
  });

  it('keeps going without symbols when the section headers are damaged', () => {
    const bytes = buildElf(spec());
    new DataView(bytes.buffer).setBigUint64(40, BigInt(bytes.length - 10), true);
    const elf = parseElf(bytes);
    expect(elf.symbols).toEqual([]);
    expect(elf.warnings[0]).toMatch(/section header/);
  });

  it('refuses what no loader could use, each with its own code', () => {
    const good = buildElf(spec());
    const patched = (at: number, bytes: number[]) => {
      const b = good.slice();
      b.set(bytes, at);
      return b;
    };
    expect(error(good.subarray(0, 40))).toBe('BOOT_TRUNCATED_HEADER');
    expect(error(good.subarray(0, 100))).toBe('BOOT_TRUNCATED_PHDR');
    expect(error(good.subarray(0, 0x1002))).toBe('BOOT_TRUNCATED_SEGMENT');
    expect(error(patched(18, [40, 0]))).toBe('BOOT_UNSUPPORTED_MACHINE');
    expect(error(patched(5, [2]))).toBe('BOOT_UNSUPPORTED_MACHINE');
    expect(error(patched(4, [3]))).toBe('BOOT_UNSUPPORTED_MACHINE');
    expect(error(patched(16, [1, 0]))).toBe('BOOT_NOT_EXECUTABLE');
    // p_filesz (offset 32 in the first program header) larger than p_memsz.
    expect(error(patched(64 + 32, [0xff, 0xff]))).toBe('BOOT_BAD_SEGMENT');
    expect(error(patched(0, [0x7f, 0x45, 0x4c, 0x47]))).toBe('BOOT_NOT_ELF');
  });

  it('refuses an ELF32 file built for x86_64 (x32) and an ELF64 built for i386', () => {
    expect(error(buildElf({ class: 32, machine: 62, entry: 0, segments: [] }))).toBe(
      'BOOT_UNSUPPORTED_MACHINE',
    );
    expect(error(buildElf({ class: 64, machine: 3, entry: 0, segments: [] }))).toBe(
      'BOOT_UNSUPPORTED_MACHINE',
    );
  });
});
