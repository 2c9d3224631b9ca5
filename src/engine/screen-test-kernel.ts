import { le32, mb2Kernel, SPIN } from '../boot/test-helpers/guest-code.ts';

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
  // prettier-ignore
  return mb2Kernel([
    0xbf, ...le32(0xfd000000), // mov edi, 0xfd000000
    0xb9, ...le32(1024 * SCREEN_KERNEL_ROWS), // mov ecx, n
    0xb8, ...le32(SCREEN_KERNEL_COLOUR), // mov eax, colour
    0xf3, 0xab, // rep stosd
    0x66, 0xc7, 0x05, ...le32(0xb8000), 0x48, 0x1f, // mov word [0xb8000], 'H' on blue
    0x66, 0xc7, 0x05, ...le32(0xb8002), 0x49, 0x1f, // mov word [0xb8002], 'I' on blue
    ...SPIN,
  ], [{ type: 5, words: [1024, 768, 32] }]);
}
