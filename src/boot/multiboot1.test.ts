import { describe, expect, it } from 'vitest';
import { CS, DS, LDTR, SS, TR } from '../core/cpu/registers.ts';
import { planBoot } from './index.ts';
import { buildElf } from './test-helpers/elf-builder.ts';
import { concat, mb1Header, u32s } from './test-helpers/headers.ts';
import { HLT_LOOP, mb1Kernel } from './test-helpers/guest-code.ts';
import { boot } from './test-helpers/machine.ts';
import { STD_VGA_FRAMEBUFFER } from './std-vga-framebuffer.ts';

describe('Multiboot 1', () => {
  it('enters 32-bit protected mode with the magic in EAX and the info address in EBX', () => {
    const { cpu, plan } = boot(mb1Kernel());
    expect(plan.protocol).toBe('multiboot1');
    expect(cpu.mode).toBe(32);
    expect(cpu.gpr[0] >>> 0).toBe(0x2badb002);
    expect(cpu.gpr[6]).toBe(0x9500);
    expect(cpu.rip[0]).toBe(0x10000c);
    expect(cpu.cr0).toBe(0x11);
    expect(cpu.cr4).toBe(0);
    expect(cpu.efer).toBe(0);
    expect(cpu.flags & 0x200).toBe(0);
  });

  it('leaves the registers QEMU 7.2 leaves besides EAX and EBX', () => {
    const { cpu } = boot(mb1Kernel());
    // ECX = entry, EDX = 0x511 (32 MiB: mem_upper is below 64 MiB), EDI = 0x1000,
    // ESP = 0x6f08, EFLAGS = 0x6, as `info registers` shows.
    expect([cpu.gpr[2], cpu.gpr[4], cpu.gpr[14], cpu.gpr[8]]).toEqual([
      0x10000c, 0x511, 0x1000, 0x6f08,
    ]);
    // From 64 MiB up, EDX's high half is mem_upper's: QEMU -m 256M shows EDX=00030511.
    expect(boot(mb1Kernel(), { ramSize: 256 << 20 }).cpu.gpr[4]).toBe(0x30511);
    expect(cpu.flags).toBe(0x6);
  });

  it('loads flat segments from a GDT in RAM whose bytes agree with the caches', () => {
    const { cpu, ram } = boot(mb1Kernel());
    expect(cpu.segSel[CS]).toBe(0x08);
    expect(cpu.segAttr[CS]).toBe(0xc09b00);
    expect(cpu.segLimit[CS]).toBe(-1);
    for (const s of [0, SS, DS, 4, 5]) {
      expect(cpu.segSel[s]).toBe(0x10);
      expect(cpu.segAttr[s]).toBe(0xc09300);
      expect(cpu.segBaseLo[s]).toBe(0);
    }
    expect([cpu.segLimit[LDTR], cpu.segAttr[LDTR], cpu.segAttr[TR]]).toEqual([
      0xffff, 0x8200, 0x8b00,
    ]);
    const gdt = cpu.gdtr[0];
    expect(cpu.gdtr[2]).toBe(0x27);
    expect(ram.u64(gdt + 8)).toBe(0x00cf9b000000ffffn);
    expect(ram.u64(gdt + 16)).toBe(0x00cf93000000ffffn);
    expect([cpu.idtr[0], cpu.idtr[2]]).toEqual([0, 0x3ff]);
  });

  it('writes the info structure at 0x9500 as QEMU does, field by field', () => {
    const { ram } = boot(mb1Kernel(), { imageName: 'halt.elf', cmdline: 'arg1 arg2' });
    const info = 0x9500;
    expect(ram.u32(info)).toBe(0x24f);
    expect(ram.u32(info + 4)).toBe(639);
    expect(ram.u32(info + 8)).toBe(32 * 1024 - 1024);
    expect(ram.u32(info + 12)).toBe(0x8000ffff);
    expect(ram.cstring(ram.u32(info + 16))).toBe('halt.elf arg1 arg2');
    expect(ram.u32(info + 20)).toBe(0);
    // The (empty) module list, the command line and the loader name follow the kernel's last page.
    expect(ram.u32(info + 24)).toBe(0x101000);
    expect(ram.u32(info + 16)).toBe(0x101000);
    expect(ram.cstring(ram.u32(info + 64))).toBe('pagescope');
    expect(ram.u32(info + 48)).toBe(0x9000);
    expect(ram.u32(info + 44)).toBe(3 * 24);
  });

  it('puts the same command line QEMU does when none is given, trailing space included', () => {
    const { ram } = boot(mb1Kernel(), { imageName: 'halt.elf' });
    expect(ram.cstring(ram.u32(0x9500 + 16))).toBe('halt.elf ');
  });

  it('describes memory with 20-byte mmap entries: low RAM, the reserved hole, RAM from 1 MiB', () => {
    const { ram } = boot(mb1Kernel());
    const entry = (i: number) => [
      ram.u32(0x9000 + i * 24),
      ram.u64(0x9004 + i * 24),
      ram.u64(0x900c + i * 24),
      ram.u32(0x9014 + i * 24),
    ];
    expect(entry(0)).toEqual([20, 0n, 0x9fc00n, 1]);
    expect(entry(1)).toEqual([20, 0x9fc00n, 0x100000n - 0x9fc00n, 2]);
    expect(entry(2)).toEqual([20, 0x100000n, BigInt((32 << 20) - 0x100000), 1]);
  });

  it('lists ACPI areas the machine declares and counts mem_upper up to the first hole', () => {
    const { ram } = boot(mb1Kernel(), {
      firmwareRegions: [
        { base: 0x1fe0000, length: 0x20000, type: 'acpi-reclaimable' },
        { base: 0xfffc0000, length: 0x40000, type: 'reserved' },
      ],
    });
    expect(ram.u32(0x9500 + 8)).toBe((0x1fe0000 - 0x100000) / 1024);
    expect(ram.u32(0x9500 + 44)).toBe(5 * 24);
    expect(ram.u32(0x9000 + 3 * 24 + 20)).toBe(3);
    expect(ram.u64(0x9000 + 4 * 24 + 4)).toBe(0xfffc0000n);
  });

  it('places modules QEMU -initrd style: list and strings after the kernel, each module on its own pages', () => {
    const mod1 = new TextEncoder().encode('hello\n');
    const mod2 = new TextEncoder().encode('abcdefgh');
    const { ram } = boot(mb1Kernel(), {
      imageName: 'halt.elf',
      cmdline: 'arg1 arg2',
      modules: [
        { name: 'mod1.bin', bytes: mod1, cmdline: 'modarg' },
        { name: 'mod2.bin', bytes: mod2 },
      ],
    });
    // These are the addresses and strings QEMU 7.2 produced for the same kernel and arguments.
    expect(ram.u32(0x9500 + 20)).toBe(2);
    expect(ram.u32(0x9500 + 24)).toBe(0x101000);
    expect([ram.u32(0x101000), ram.u32(0x101004), ram.u32(0x101008)]).toEqual([
      0x102000, 0x102006, 0x101020,
    ]);
    expect([ram.u32(0x101010), ram.u32(0x101014), ram.u32(0x101018)]).toEqual([
      0x103000, 0x103008, 0x101030,
    ]);
    expect(ram.cstring(0x101020)).toBe('mod1.bin modarg');
    expect(ram.cstring(0x101030)).toBe('mod2.bin');
    expect(ram.u32(0x9500 + 16)).toBe(0x101039);
    expect(ram.cstring(0x101039)).toBe('halt.elf arg1 arg2');
    expect(ram.u32(0x9500 + 64)).toBe(0x10104c);
    expect(ram.bytes(0x102000, 6)).toEqual(mod1);
    expect(ram.bytes(0x103000, 8)).toEqual(mod2);
  });

  it('clears a BSS far larger than the file', () => {
    const { ram, mem } = boot(mb1Kernel(0x3, HLT_LOOP, 8 << 20));
    mem.ram[0x100000 + 0x500000] = 0;
    expect(ram.u8(0x100000 + 12)).toBe(0xf4);
    expect(mem.ram.subarray(0x100010, 0x100000 + (8 << 20)).every((b) => b === 0)).toBe(true);
  });

  it('gives a framebuffer to a kernel that asks for video, and says so in flag 12', () => {
    const framebuffer = STD_VGA_FRAMEBUFFER;
    const { ram } = boot(mb1Kernel(0x7, HLT_LOOP, 0, [0, 0, 0, 0, 0, 0, 1024, 768, 32]), {
      framebuffer,
    });
    const info = 0x9500;
    expect(ram.u32(info) & 0x1000).toBe(0x1000);
    expect(ram.u64(info + 88)).toBe(0xfd000000n);
    expect([
      ram.u32(info + 96),
      ram.u32(info + 100),
      ram.u32(info + 104),
      ram.u8(info + 108),
      ram.u8(info + 109),
    ]).toEqual([4096, 1024, 768, 32, 1]);
    expect([...ram.bytes(info + 110, 6)]).toEqual([16, 8, 8, 8, 0, 8]);
  });

  it('falls back to VGA text mode when the kernel asks for video and there is no framebuffer', () => {
    const { ram } = boot(mb1Kernel(0x7, HLT_LOOP, 0, [0, 0, 0, 0, 0, 1, 80, 25, 0]), {
      framebuffer: undefined,
    });
    expect(ram.u64(0x9500 + 88)).toBe(0xb8000n);
    expect([ram.u32(0x9500 + 100), ram.u32(0x9500 + 104), ram.u8(0x9500 + 109)]).toEqual([
      80, 25, 2,
    ]);
  });

  it('loads with the a.out-kludge fields, even from an ELF64 file', () => {
    // header at file offset 0x1000 -> 0x200000; load from there to load_end, BSS to bss_end.
    const text = new Uint8Array([0x90, 0xf4, 0xeb, 0xfd]);
    const header = mb1Header(0x10003, [
      0x200000,
      0x200000,
      0x200000 + 32 + text.length,
      0x210000,
      0x200000 + 32,
    ]);
    const elf = buildElf({
      class: 64,
      entry: 0xffffffff80000000n,
      segments: [{ vaddr: 0xffffffff80000000n, paddr: 0x5000000, data: concat(header, text) }],
    });
    const { cpu, ram, plan } = boot(elf);
    expect(plan.protocol).toBe('multiboot1');
    expect(cpu.rip[0]).toBe(0x200020);
    expect(ram.bytes(0x200020, 4)).toEqual(text);
    expect(plan.zeros).toContainEqual({ address: 0x200024, length: 0x10000 - 0x24 });
  });

  it('translates a higher-half e_entry to its physical address, as GRUB does', () => {
    const header = mb1Header(0x3);
    const elf = buildElf({
      class: 32,
      entry: 0xc0100000 + header.length,
      segments: [{ vaddr: 0xc0100000, paddr: 0x100000, data: concat(header, HLT_LOOP) }],
    });
    expect(boot(elf).cpu.rip[0]).toBe(0x10000c);
  });

  it('refuses required flags it does not know, a bad checksum, and segments outside RAM', () => {
    const unknown = buildElf({
      class: 32,
      entry: 0x10000c,
      segments: [{ vaddr: 0x100000, data: concat(mb1Header(0x8), HLT_LOOP) }],
    });
    expect(planBoot(unknown)).toMatchObject({
      ok: false,
      error: { code: 'BOOT_MB1_UNSUPPORTED_FLAGS' },
    });
    const bad = concat(u32s(0x1badb002, 3, 0), HLT_LOOP);
    expect(planBoot(bad)).toMatchObject({ ok: false, error: { code: 'BOOT_MB1_BAD_CHECKSUM' } });
    const high = buildElf({
      class: 32,
      entry: 0x4000000,
      segments: [{ vaddr: 0x4000000, data: concat(mb1Header(3), HLT_LOOP) }],
    });
    expect(planBoot(high, { ramSize: 32 << 20 })).toMatchObject({
      ok: false,
      error: { code: 'BOOT_SEGMENT_OUTSIDE_RAM' },
    });
    const low = buildElf({
      class: 32,
      entry: 0x9100,
      segments: [{ vaddr: 0x9000, data: concat(mb1Header(3), new Uint8Array(0x200)) }],
    });
    expect(planBoot(low)).toMatchObject({ ok: false, error: { code: 'BOOT_SEGMENT_OVERLAP' } });
  });

  it('refuses an image with nothing to load, an entry outside it and inconsistent kludge fields', () => {
    const header = mb1Header(3);
    const empty = buildElf({
      class: 32,
      entry: 0x100000,
      segments: [{ vaddr: 0x100000, data: header, memsz: 0, type: 1 }],
    });
    expect(planBoot(empty)).toMatchObject({ ok: false, error: { code: 'BOOT_NO_SEGMENTS' } });
    const astray = buildElf({
      class: 32,
      entry: 0x300000,
      segments: [{ vaddr: 0x100000, data: concat(header, HLT_LOOP) }],
    });
    expect(planBoot(astray)).toMatchObject({ ok: false, error: { code: 'BOOT_NO_ENTRY' } });
    // header_addr below load_addr: the file would load from before its own start.
    const kludge = mb1Header(0x10003, [0x100000, 0x100100, 0, 0, 0x100100]);
    expect(planBoot(concat(kludge, HLT_LOOP))).toMatchObject({
      ok: false,
      error: { code: 'BOOT_BAD_LOAD_ADDRESS' },
    });
  });
});
