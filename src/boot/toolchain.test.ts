import { describe, expect, it } from 'vitest';
import { planBoot } from './index.ts';
import {
  aoutKludgeElf64,
  limineElf64,
  liminePie,
  multiboot1Elf32,
  multiboot2Elf64,
} from './test-helpers/kernels.ts';
import { boot } from './test-helpers/machine.ts';

const HHDM = 0xffff800000000000n;

function symbol(plan: { symbols: { name: string; value: bigint; type: string }[] }, name: string) {
  return plan.symbols.find((s) => s.name === name);
}

describe('kernels built with gcc and ld', () => {
  it('boots a C Multiboot 1 kernel: ELF32 at 1 MiB, entry _start, its 1 MiB BSS cleared', () => {
    const { plan, cpu, ram } = boot(multiboot1Elf32());
    expect(plan.detection).toMatchObject({ format: 'elf32', protocol: 'multiboot1' });
    const start = symbol(plan, '_start')!;
    expect(start.type).toBe('func');
    expect(BigInt(cpu.rip[0])).toBe(start.value);
    expect(symbol(plan, 'kmain')?.type).toBe('func');
    const counter = symbol(plan, 'counter')!;
    expect(counter.type).toBe('object');
    expect(ram.u32(Number(counter.value))).toBe(42);
    const bss = symbol(plan, 'big_bss')!;
    expect(
      plan.zeros.some(
        (z) =>
          z.address <= Number(bss.value) && Number(bss.value) + (1 << 20) <= z.address + z.length,
      ),
    ).toBe(true);
  });

  it('boots a Multiboot 2 ELF64 kernel at the address its entry tag names', () => {
    const { plan, cpu } = boot(multiboot2Elf64());
    expect(plan.detection).toMatchObject({ format: 'elf64', protocol: 'multiboot2' });
    expect(BigInt(cpu.rip[0])).toBe(symbol(plan, '_start')!.value);
    expect(cpu.gpr[0]).toBe(0x36d76289);
  });

  it('boots an ELF64 file by its a.out-kludge fields, BSS included', () => {
    const { plan, cpu, ram } = boot(aoutKludgeElf64());
    expect(plan.protocol).toBe('multiboot1');
    expect(BigInt(cpu.rip[0])).toBe(symbol(plan, '_start')!.value);
    expect(ram.u32(0x200000)).toBe(0x1badb002);
    expect(plan.zeros.reduce((n, z) => n + z.length, 0)).toBeGreaterThanOrEqual(0x20000);
  });

  it('boots a Limine kernel built like limine-c-template, answering its C requests', () => {
    const { plan, ram, cpu } = boot(limineElf64(), { ramSize: 64 << 20 });
    expect(plan.detection).toMatchObject({ format: 'elf64', protocol: 'limine' });
    expect(plan.detection.reason).toMatch(/requests start marker/);
    const request = (name: string) => symbol(plan, name)!.value;
    const hhdm = ram.v64(request('hhdm_request') + 40n);
    expect(ram.v64(hhdm + 8n)).toBe(HHDM);
    const info = ram.v64(request('info_request') + 40n);
    expect(ram.vstring(ram.v64(info + 8n))).toBe('pagescope');
    expect(ram.v64(ram.v64(request('memmap_request') + 40n) + 8n)).toBe(
      BigInt(plan.memoryMap.length),
    );
    const kmain = symbol(plan, 'kmain')!.value;
    expect((BigInt(cpu.rip[1] >>> 0) << 32n) | BigInt(cpu.rip[0] >>> 0)).toBe(kmain);
    expect(ram.translate(kmain)!.writable).toBe(false);
    expect(ram.translate(request('hhdm_request'))!.nx).toBe(true);
  });

  it('slides a position-independent Limine kernel to the higher half and relocates its pointers', () => {
    const { plan, ram } = boot(liminePie());
    const pointer = symbol(plan, 'pointer_to_text')!;
    expect(pointer.value).toBeGreaterThanOrEqual(0xffffffff80000000n);
    expect(ram.vstring(ram.v64(pointer.value))).toBe('relocated');
    // Its sections move with it: the pointer lies in one of them, at the address it runs at.
    const home = plan.sections.find(
      (s) => s.addr <= pointer.value && pointer.value < s.addr + s.size,
    );
    expect(home?.name).toMatch(/^\.data/);
  });

  it('refuses a Limine kernel whose ELF is truncated in the middle of its segments', () => {
    const image = limineElf64();
    expect(planBoot(image.subarray(0, 0x2100))).toMatchObject({
      ok: false,
      error: { code: 'BOOT_TRUNCATED_SEGMENT' },
    });
  });
});
