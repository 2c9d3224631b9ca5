import { buildElf } from './elf-builder.ts';
import { concat, mb1Header, mb2Header } from './headers.ts';
import type { Mb2TagSpec } from './headers.ts';

/** Machine code for tiny test kernels (32-bit protected mode), as byte lists. */

/** A 32-bit value, little-endian. */
export const le32 = (v: number) => [v & 0xff, (v >>> 8) & 0xff, (v >>> 16) & 0xff, v >>> 24];

/** mov dword [addr], v */
export const movDword32 = (addr: number, v: number) => [0xc7, 0x05, ...le32(addr), ...le32(v)];

/** mov eax, pd; mov cr3, eax */
export const loadCr3 = (pd: number) => [0xb8, ...le32(pd), 0x0f, 0x22, 0xd8];

/** CR4.PSE on, CR3 = pd, CR0.PG on: 32-bit paging with 4 MiB pages allowed. */
export const pagingOn32 = (pd: number) => [
  ...[0x0f, 0x20, 0xe0, 0x83, 0xc8, 0x10, 0x0f, 0x22, 0xe0], // cr4 |= PSE
  ...loadCr3(pd),
  ...[0x0f, 0x20, 0xc0, 0x0d, ...le32(0x80000000), 0x0f, 0x22, 0xc0], // cr0 |= PG
];

/** jmp $ */
export const SPIN = [0xeb, 0xfe];

/** Where mb2Kernel loads the kernel: its code starts after the Multiboot 2 header. */
export const MB2_KERNEL_BASE = 0x100000;

/**
 * A Multiboot 2 ELF32 kernel loaded at MB2_KERNEL_BASE whose entry point runs `code` in
 * 32-bit protected mode, paging off; `tags` are the header's request tags.
 */
export function mb2Kernel(code: readonly number[], tags: Mb2TagSpec[] = []): Uint8Array {
  const header = mb2Header(tags);
  return buildElf({
    class: 32,
    machine: 3,
    entry: MB2_KERNEL_BASE + header.length,
    segments: [{ vaddr: MB2_KERNEL_BASE, data: concat(header, new Uint8Array(code)) }],
  });
}

/** hlt; jmp back to it */
export const HLT_LOOP = new Uint8Array([0xf4, 0xeb, 0xfd]);

/** An ELF32 kernel at 1 MiB whose text starts with a Multiboot 1 header, like most tutorials'. */
export function mb1Kernel(flags = 0x3, text = HLT_LOOP, bss = 0, extra: number[] = []): Uint8Array {
  const header = mb1Header(flags, extra);
  return buildElf({
    class: 32,
    entry: 0x100000 + 12,
    segments: [
      {
        vaddr: 0x100000,
        data: concat(header.subarray(0, 12), text, header.subarray(12)),
        memsz: header.length + text.length + bss,
        flags: 7,
      },
    ],
    symbols: [{ name: '_start', value: 0x10000c, size: 3 }],
  });
}
