import { DEFAULT_FRAMEBUFFER_BASE } from '../core/devices/framebuffer.ts';
import type { FramebufferInfo } from './options.ts';

/**
 * The framebuffer pagescope's machine offers, as a boot loader describes it to the kernel:
 * QEMU std-vga's default mode, 1024x768 at 32 bpp XRGB, where std-vga puts it.
 */
export const STD_VGA_FRAMEBUFFER: FramebufferInfo = {
  address: DEFAULT_FRAMEBUFFER_BASE,
  width: 1024,
  height: 768,
  pitch: 4096,
  bpp: 32,
  red: { size: 8, shift: 16 },
  green: { size: 8, shift: 8 },
  blue: { size: 8, shift: 0 },
};
