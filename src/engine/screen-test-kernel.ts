import { buildElf } from '../boot/test-helpers/elf-builder.ts';
import { concat, mb2Header } from '../boot/test-helpers/headers.ts';

/** The colour the kernel paints (XRGB): an orange no test background has. */
export const SCREEN_KERNEL_COLOUR = 0x00ff8800;
/** Rows of the framebuffer it paints. */
export const SCREEN_KERNEL_ROWS = 100;

/**
 * A Multiboot 2 ELF32 kernel that asks for a 1024x768x32 framebuffer, paints its first
 * SCREEN_KERNEL_ROWS rows orange (at 0xfd000000, where the machine puts it), writes "HI" in
 * white on blue to the VGA text screen, and spins.
 */
export function screenKernel(): Uint8Array {
  const header = mb2Header([{ type: 5, words: [1024, 768, 32] }]);
  const c = SCREEN_KERNEL_COLOUR;
  const n = 1024 * SCREEN_KERNEL_ROWS;
  // prettier-ignore
  const code = new Uint8Array([
    0xbf, 0x00, 0x00, 0x00, 0xfd, // mov edi, 0xfd000000
    0xb9, n & 0xff, (n >> 8) & 0xff, (n >> 16) & 0xff, 0, // mov ecx, n
    0xb8, c & 0xff, (c >> 8) & 0xff, (c >> 16) & 0xff, 0, // mov eax, colour
    0xf3, 0xab, // rep stosd
    0x66, 0xc7, 0x05, 0x00, 0x80, 0x0b, 0x00, 0x48, 0x1f, // mov word [0xb8000], 'H' on blue
    0x66, 0xc7, 0x05, 0x02, 0x80, 0x0b, 0x00, 0x49, 0x1f, // mov word [0xb8002], 'I' on blue
    0xeb, 0xfe, // jmp $
  ]);
  return buildElf({
    class: 32,
    machine: 3,
    entry: 0x100000 + header.length,
    segments: [{ vaddr: 0x100000, data: concat(header, code) }],
  });
}
