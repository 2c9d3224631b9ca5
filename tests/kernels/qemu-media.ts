// How the guest kernels boot under QEMU: Multiboot 1 kernels with -kernel, Multiboot 2 ones
// from a GRUB ISO made with grub-mkrescue, and Limine kernels through kernels/limine-shim: no
// Limine binary is available here, so the shim (a Multiboot 1 image, test-only) loads the
// kernel given as a module and hands over as PROTOCOL.md describes.
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import type { GuestKernel } from './catalog.ts';
import { grubRescueIso } from './grub.ts';
import { makeKernels } from './make.ts';
import { KERNELS_DIR, PUBLIC_KERNELS } from './paths.ts';
import { ensureKernelTestTools } from './system-deps.ts';

const SHIM = 'limine-shim.elf';

/** The shim and the GRUB ISO a test file boots its kernels with: prepare(), args(), dispose(). */
export class QemuBootMedia {
  private shimDir = '';
  private grubIso = '';

  /** Builds the shim and the ISO (installs the tools first when they are missing). */
  prepare(): void {
    ensureKernelTestTools();
    this.shimDir = makeKernels([SHIM]);
    this.grubIso = grubRescueIso(
      join(KERNELS_DIR, 'tools/grub.cfg'),
      join(PUBLIC_KERNELS, 'multiboot2-hello.elf'),
    );
  }

  dispose(): void {
    rmSync(this.shimDir, { recursive: true, force: true });
  }

  /** QEMU's arguments that boot kernel `k` (its image in public/kernels). */
  args(k: GuestKernel): string[] {
    const image = join(PUBLIC_KERNELS, k.image);
    if (k.protocol === 'limine') return ['-kernel', join(this.shimDir, SHIM), '-initrd', image];
    if (k.protocol === 'multiboot2') return ['-cdrom', this.grubIso];
    return ['-kernel', image];
  }
}
