import { describe, expect, it } from 'vitest';
import { detectImage, planBoot } from './index.ts';
import type { FramebufferInfo } from './index.ts';
import { buildElf } from './test-helpers/elf-builder.ts';
import {
  baseRevisionTag,
  concat,
  limineRequest,
  mb1Header,
  mb2Header,
} from './test-helpers/headers.ts';

const HLT = new Uint8Array([0xf4, 0xeb, 0xfd]);

function kernel(cls: 32 | 64, ...parts: Uint8Array[]): Uint8Array {
  const data = concat(...parts, HLT);
  return buildElf({
    class: cls,
    entry: 0x100000 + data.length - 3,
    segments: [{ vaddr: 0x100000, data }],
  });
}

describe('protocol detection', () => {
  it('prefers Multiboot 2 to Multiboot 1 and says what it found', () => {
    const r = detectImage(kernel(32, mb1Header(3), new Uint8Array(4), mb2Header([])));
    expect(r).toMatchObject({ ok: true, detection: { format: 'elf32', protocol: 'multiboot2' } });
    if (!r.ok) return;
    expect(r.detection.reason).toBe('a Multiboot 2 header at offset 0x1010');
    expect(r.detection.evidence.map((e) => e.protocol)).toEqual(['multiboot2', 'multiboot1']);
  });

  it('prefers Limine to Multiboot when an ELF64 kernel carries both', () => {
    const image = buildElf({
      class: 64,
      entry: 0xffffffff80000000n,
      segments: [
        { vaddr: 0xffffffff80000000n, data: concat(mb2Header([]), baseRevisionTag(2n), HLT) },
      ],
    });
    expect(detectImage(image)).toMatchObject({
      ok: true,
      detection: { protocol: 'limine', reason: 'a base revision tag at offset 0x1018' },
    });
  });

  it('finds a Limine kernel by a request alone, and falls back to Multiboot when it is not ELF64', () => {
    const requestOnly = buildElf({
      class: 64,
      entry: 0xffffffff80000000n,
      segments: [
        { vaddr: 0xffffffff80000000n, data: concat(HLT, new Uint8Array(5), limineRequest('hhdm')) },
      ],
    });
    expect(detectImage(requestOnly)).toMatchObject({ ok: true, detection: { protocol: 'limine' } });
    const elf32 = kernel(32, mb1Header(3), limineRequest('hhdm'));
    expect(detectImage(elf32)).toMatchObject({ ok: true, detection: { protocol: 'multiboot1' } });
    expect(planBoot(kernel(32, limineRequest('hhdm')))).toMatchObject({
      ok: false,
      error: { code: 'BOOT_LIMINE_NEEDS_ELF64' },
    });
  });

  it('finds a Multiboot 1 header only in the first 8 KiB, 4-byte aligned', () => {
    const late = concat(new Uint8Array(8192), mb1Header(0x10000, [0, 0, 0, 0, 0]));
    expect(planBoot(late)).toMatchObject({ ok: false, error: { code: 'BOOT_NOT_ELF' } });
    const unaligned = concat(new Uint8Array(2), mb1Header(0x10000, [0, 0, 0, 0, 0]));
    expect(planBoot(unaligned)).toMatchObject({ ok: false, error: { code: 'BOOT_NOT_ELF' } });
  });

  it('explains an ELF without any boot protocol, an empty file and a random one', () => {
    const plain = buildElf({
      class: 64,
      entry: 0x401000,
      segments: [{ vaddr: 0x401000, data: HLT }],
    });
    expect(planBoot(plain)).toMatchObject({ ok: false, error: { code: 'BOOT_NO_PROTOCOL' } });
    expect(planBoot(new Uint8Array(0))).toMatchObject({ ok: false, error: { code: 'BOOT_EMPTY' } });
    const r = planBoot(new TextEncoder().encode('MZ this is a PE file'));
    expect(r).toMatchObject({ ok: false, error: { code: 'BOOT_NOT_ELF' } });
    if (!r.ok) {
      expect(r.error.message).toBe(
        'The file is not an ELF image, an ISO or a Multiboot kernel: it starts with 4d 5a 20 74 68 69 73 20 and has no Multiboot header in its first 32 KiB.',
      );
      expect(r.error.hint.length).toBeGreaterThan(20);
    }
  });

  it('refuses bad options with a coded error', () => {
    const image = kernel(32, mb1Header(3));
    expect(planBoot(image, { ramSize: 1000 })).toMatchObject({
      ok: false,
      error: { code: 'BOOT_BAD_OPTIONS' },
    });
    expect(planBoot(image, { ramSize: 8 * 2 ** 30 })).toMatchObject({
      ok: false,
      error: { code: 'BOOT_BAD_OPTIONS' },
    });
  });

  it('refuses a framebuffer without colour channels (as untyped callers may pass one)', () => {
    const image = kernel(32, mb1Header(3));
    const geometry = { address: 0xfd000000, width: 800, height: 600, pitch: 3200, bpp: 32 };
    const framebuffer = geometry as unknown as FramebufferInfo;
    expect(planBoot(image, { framebuffer })).toMatchObject({
      ok: false,
      error: { code: 'BOOT_BAD_OPTIONS', message: expect.stringContaining('800x600x32') },
    });
    const red = { size: 8, shift: 30 }; // bits 30-37 of a 32-bit pixel
    const green = { size: 8, shift: 8 };
    const blue = { size: 8, shift: 0 };
    expect(planBoot(image, { framebuffer: { ...geometry, red, green, blue } })).toMatchObject({
      ok: false,
      error: { code: 'BOOT_BAD_OPTIONS' },
    });
  });
});
