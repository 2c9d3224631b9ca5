import { describe, expect, it } from 'vitest';
import { attempt } from './errors.ts';
import { MemoryMap } from './memory-map.ts';
import { basicMemory, e820Map } from './multiboot-common.ts';

const MIB = 1 << 20;

describe('the memory map', () => {
  it('starts from RAM with the EBDA and the 0xA0000-0xFFFFF hole reserved', () => {
    expect(new MemoryMap(16 * MIB).entries()).toEqual([
      { base: 0, length: 0x9fc00, type: 'usable' },
      { base: 0x9fc00, length: 0x400, type: 'reserved' },
      { base: 0xa0000, length: 0x60000, type: 'reserved' },
      { base: MIB, length: 15 * MIB, type: 'usable' },
    ]);
  });

  it('cuts firmware regions and the framebuffer out of RAM, the framebuffer on whole pages', () => {
    const map = new MemoryMap(16 * MIB, [{ base: 15 * MIB, length: 0x10000, type: 'acpi-nvs' }], {
      base: 8 * MIB + 0x800,
      length: 0x1000,
    });
    expect(map.entries().slice(3)).toEqual([
      { base: MIB, length: 7 * MIB, type: 'usable' },
      { base: 8 * MIB + 0x800, length: 0x1000, type: 'framebuffer' },
      { base: 8 * MIB + 0x2000, length: 7 * MIB - 0x2000, type: 'usable' },
      { base: 15 * MIB, length: 0x10000, type: 'acpi-nvs' },
      { base: 15 * MIB + 0x10000, length: MIB - 0x10000, type: 'usable' },
    ]);
  });

  it('allocates top-down below a limit and bottom-up above an address, merging reclaimable neighbours', () => {
    const map = new MemoryMap(16 * MIB);
    expect(map.allocate(0x3000, 0x1000, 'bootloader-reclaimable', { below: 16 * MIB }, 'a')).toBe(
      16 * MIB - 0x3000,
    );
    expect(map.allocate(0x1000, 0x1000, 'bootloader-reclaimable', { below: 16 * MIB }, 'b')).toBe(
      16 * MIB - 0x4000,
    );
    expect(
      map.allocate(0x1000, 0x1000, 'executable-and-modules', { above: 2 * MIB + 1 }, 'c'),
    ).toBe(2 * MIB + 0x1000);
    expect(map.entries().filter((r) => r.type === 'bootloader-reclaimable')).toEqual([
      { base: 16 * MIB - 0x4000, length: 0x4000, type: 'bootloader-reclaimable' },
    ]);
    const full = attempt(() =>
      map.allocate(32 * MIB, 0x1000, 'usable', { below: 16 * MIB }, 'too much'),
    );
    expect(full).toMatchObject({ ok: false, error: { code: 'BOOT_OUT_OF_MEMORY' } });
  });

  it('claims fixed ranges only on usable memory inside RAM', () => {
    const map = new MemoryMap(16 * MIB);
    map.claim(MIB, 0x2000, 'executable-and-modules', 'kernel');
    map.claim(MIB + 0x1000, 0x2000, 'executable-and-modules', 'kernel again');
    expect(
      attempt(() => map.claim(0x9f000, 0x2000, 'executable-and-modules', 'low')),
    ).toMatchObject({ ok: false, error: { code: 'BOOT_SEGMENT_OVERLAP' } });
    expect(
      attempt(() => map.claim(15 * MIB, 2 * MIB, 'executable-and-modules', 'high')),
    ).toMatchObject({ ok: false, error: { code: 'BOOT_SEGMENT_OUTSIDE_RAM' } });
  });

  it('shrinks usable memory to whole pages the way Limine does, dropping page 0 unless asked', () => {
    const map = new MemoryMap(16 * MIB);
    map.alignUsable(false);
    expect(map.entries()[0]).toEqual({ base: 0x1000, length: 0x9e000, type: 'usable' });
    const keep = new MemoryMap(16 * MIB);
    keep.alignUsable(true);
    expect(keep.entries()[0]).toEqual({ base: 0, length: 0x9f000, type: 'usable' });
  });

  it('becomes an E820 map for Multiboot where everything the loader placed is still available', () => {
    const map = new MemoryMap(16 * MIB);
    map.claim(MIB, 0x5000, 'executable-and-modules', 'kernel');
    map.allocate(0x1000, 0x1000, 'bootloader-reclaimable', { above: 2 * MIB }, 'info');
    const e820 = e820Map(map.entries());
    expect(e820).toEqual([
      { base: 0, length: 0x9fc00, type: 1 },
      { base: 0x9fc00, length: 0x60400, type: 2 },
      { base: MIB, length: 15 * MIB, type: 1 },
    ]);
    expect(basicMemory(e820)).toEqual({ lower: 639, upper: 15 * 1024 });
  });
});

describe('RAM above the PCI hole', () => {
  const GIB = 1024 * MIB;

  it('keeps RAM below 3.5 GiB in one piece from 0', () => {
    const map = new MemoryMap(3.5 * GIB - 4096).entries();
    expect(map[map.length - 1]).toEqual({
      base: MIB,
      length: 3.5 * GIB - 4096 - MIB,
      type: 'usable',
    });
  });

  it('from 3.5 GiB on, splits at 3 GiB and puts the rest at 4 GiB, as QEMU pc does', () => {
    expect(new MemoryMap(4 * GIB).entries().slice(3)).toEqual([
      { base: MIB, length: 3 * GIB - MIB, type: 'usable' },
      { base: 4 * GIB, length: GIB, type: 'usable' },
    ]);
    expect(new MemoryMap(3.5 * GIB).entries().slice(3)).toEqual([
      { base: MIB, length: 3 * GIB - MIB, type: 'usable' },
      { base: 4 * GIB, length: 0.5 * GIB, type: 'usable' },
    ]);
  });

  it('accepts a fixed range above 4 GiB and refuses one in the hole, naming both RAM ranges', () => {
    const map = new MemoryMap(4 * GIB);
    map.claim(4 * GIB + MIB, MIB, 'executable-and-modules', 'a segment');
    expect(map.entries()).toContainEqual({
      base: 4 * GIB + MIB,
      length: MIB,
      type: 'executable-and-modules',
    });
    const r = attempt(() => map.claim(3 * GIB, MIB, 'executable-and-modules', 'a segment'));
    if (r.ok) throw new Error('a segment in the PCI hole was accepted');
    expect(r.error.code).toBe('BOOT_SEGMENT_OUTSIDE_RAM');
    expect(r.error.message).toContain('RAM is 0-0xc0000000 and 0x100000000-0x140000000');
  });

  it('gives Multiboot the split E820 map and mem_upper up to the hole', () => {
    const e820 = e820Map(new MemoryMap(4 * GIB).entries());
    expect(e820).toContainEqual({ base: 4 * GIB, length: GIB, type: 1 });
    expect(basicMemory(e820).upper).toBe((3 * GIB - MIB) / 1024);
  });
});
