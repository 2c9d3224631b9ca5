import { describe, expect, it } from 'vitest';
import { CS } from '../core/cpu/registers.ts';
import { planBoot } from './index.ts';
import { buildElf } from './test-helpers/elf-builder.ts';
import { concat, mb2Header } from './test-helpers/headers.ts';
import type { Mb2TagSpec } from './test-helpers/headers.ts';
import { boot, infoTags } from './test-helpers/machine.ts';
import { STD_VGA_FRAMEBUFFER } from './std-vga-framebuffer.ts';

const HLT = new Uint8Array([0xf4, 0xeb, 0xfd]);

/** An ELF kernel at 1 MiB whose first bytes are a Multiboot 2 header with the given tags. */
function mb2Kernel(
  tags: Mb2TagSpec[] = [],
  elfClass: 32 | 64 = 32,
): { image: Uint8Array; entry: number } {
  const header = mb2Header(tags);
  const entry = 0x100000 + header.length;
  const image = buildElf({
    class: elfClass,
    entry,
    segments: [{ vaddr: 0x100000, data: concat(header, HLT), memsz: 0x3000, flags: 7 }],
  });
  return { image, entry };
}

describe('Multiboot 2', () => {
  it('enters 32-bit protected mode with the magic and an 8-byte aligned info address', () => {
    const { image, entry } = mb2Kernel([], 64);
    const { cpu, plan } = boot(image);
    expect(plan.protocol).toBe('multiboot2');
    expect(cpu.gpr[0]).toBe(0x36d76289);
    expect(cpu.gpr[6] % 8).toBe(0);
    expect(cpu.rip[0]).toBe(entry);
    expect([cpu.mode, cpu.segSel[CS], cpu.cr0, cpu.flags]).toEqual([32, 0x08, 0x11, 0x2]);
    // GRUB's "random location in low memory" for non-compliant kernels.
    expect(cpu.gpr[8]).toBe(0x7ff00);
  });

  it('writes the tags a kernel walks: cmdline, loader name, modules, meminfo, mmap, load base, EGA text, end', () => {
    const { image } = mb2Kernel();
    const bytes = new TextEncoder().encode('module data');
    const { cpu, ram } = boot(image, {
      cmdline: 'console=ttyS0',
      modules: [{ name: 'initrd', bytes, cmdline: 'ro' }],
    });
    const info = cpu.gpr[6];
    const tags = infoTags(ram, info);
    expect([...tags.keys()]).toEqual([21, 1, 2, 3, 6, 4, 5, 8, 0]);
    expect(ram.cstring(tags.get(1)! + 8)).toBe('console=ttyS0');
    expect(ram.cstring(tags.get(2)! + 8)).toBe('pagescope');
    const mod = tags.get(3)!;
    expect(ram.u32(mod + 8) % 4096).toBe(0);
    expect(ram.u32(mod + 12) - ram.u32(mod + 8)).toBe(bytes.length);
    expect(ram.cstring(mod + 16)).toBe('ro');
    expect(ram.bytes(ram.u32(mod + 8), bytes.length)).toEqual(bytes);
    expect([ram.u32(tags.get(4)! + 8), ram.u32(tags.get(4)! + 12)]).toEqual([
      639,
      32 * 1024 - 1024,
    ]);
    expect(ram.u32(tags.get(21)! + 8)).toBe(0x100000);
    const mmap = tags.get(6)!;
    expect([ram.u32(mmap + 8), ram.u32(mmap + 12)]).toEqual([24, 0]);
    expect((ram.u32(mmap + 4) - 16) / 24).toBe(3);
    expect([ram.u64(mmap + 16), ram.u64(mmap + 24), ram.u32(mmap + 32)]).toEqual([0n, 0x9fc00n, 1]);
    expect(ram.u32(tags.get(0)! + 4)).toBe(8);
    expect(tags.get(0)! + 8).toBe(info + ram.u32(info));
  });

  it('honours the entry address tag and the framebuffer tag', () => {
    const { image } = mb2Kernel([
      { type: 3, words: [0x100030] },
      { type: 5, words: [1024, 768, 32] },
    ]);
    const framebuffer = STD_VGA_FRAMEBUFFER;
    const { cpu, ram } = boot(image, { framebuffer });
    expect(cpu.rip[0]).toBe(0x100030);
    const fb = infoTags(ram, cpu.gpr[6]).get(8)!;
    expect(ram.u32(fb + 4)).toBe(38);
    expect([
      ram.u64(fb + 8),
      BigInt(ram.u32(fb + 16)),
      BigInt(ram.u8(fb + 28)),
      BigInt(ram.u8(fb + 29)),
    ]).toEqual([0xfd000000n, 4096n, 32n, 1n]);
    expect([...ram.bytes(fb + 32, 6)]).toEqual([16, 8, 8, 8, 0, 8]);
  });

  it('loads a raw image with the address tag', () => {
    // Header at file offset 0 loaded at 0x200000; entry right after the header.
    const words = (header: number) => [0x200000, 0x200000, 0, 0x208000, header];
    const probe = mb2Header([
      { type: 2, words: words(0).slice(0, 4) },
      { type: 3, words: [0] },
    ]);
    const header = mb2Header([
      { type: 2, words: words(0).slice(0, 4) },
      { type: 3, words: [0x200000 + probe.length] },
    ]);
    const { cpu, ram, plan } = boot(concat(header, HLT));
    expect(plan.detection.kernelFormat).toBe('raw');
    expect(cpu.rip[0]).toBe(0x200000 + header.length);
    expect(ram.bytes(0x200000 + header.length, 3)).toEqual(HLT);
    expect(plan.zeros).toContainEqual({
      address: 0x200000 + header.length + 3,
      length: 0x8000 - header.length - 3,
    });
  });

  it('hands the RSDP over in the old tag for ACPI 1.0 and the new one for 2.0', () => {
    const rsdp1 = concat(new TextEncoder().encode('RSD PTR '), new Uint8Array(12));
    const rsdp2 = concat(
      new TextEncoder().encode('RSD PTR '),
      new Uint8Array([0, 0, 0, 0, 0, 0, 0, 2, 0, 0, 0, 0, 36, 0, 0, 0]),
      new Uint8Array(16),
    );
    const { image } = mb2Kernel([{ type: 1, words: [14] }]);
    const v1 = boot(image, { rsdp: rsdp1, rsdpAddress: 0xf5a10 });
    const old = infoTags(v1.ram, v1.cpu.gpr[6]).get(14)!;
    expect(v1.ram.bytes(old + 8, 20)).toEqual(rsdp1.subarray(0, 20));
    const { image: image2 } = mb2Kernel();
    const v2 = boot(image2, { rsdp: rsdp2 });
    const tag = infoTags(v2.ram, v2.cpu.gpr[6]).get(15)!;
    expect(v2.ram.u32(tag + 4)).toBe(8 + 36);
  });

  it('refuses a required information request it cannot satisfy, and accepts an optional one', () => {
    const required = mb2Kernel([{ type: 1, words: [6, 9] }]).image;
    expect(planBoot(required)).toMatchObject({
      ok: false,
      error: { code: 'BOOT_MB2_REQUIRED_INFO' },
    });
    const optional = mb2Kernel([{ type: 1, flags: 1, words: [6, 9] }]).image;
    expect(planBoot(optional).ok).toBe(true);
  });

  it('refuses an unknown required header tag and a malformed header', () => {
    expect(planBoot(mb2Kernel([{ type: 99 }]).image)).toMatchObject({
      ok: false,
      error: { code: 'BOOT_MB2_UNSUPPORTED_TAG' },
    });
    expect(planBoot(mb2Kernel([{ type: 99, flags: 1 }]).image).ok).toBe(true);
    const header = mb2Header([], 4);
    expect(planBoot(concat(header, HLT))).toMatchObject({
      ok: false,
      error: { code: 'BOOT_MB2_BAD_HEADER' },
    });
  });
});
