// Every kernel, booted under QEMU (TCG), prints its expected serial output and ends as the
// catalog says. Multiboot 1 kernels boot with -kernel, Multiboot 2 ones from a GRUB ISO made
// with grub-mkrescue, and Limine kernels through kernels/limine-shim: no Limine binary is
// available here, so the shim (a Multiboot 1 image, test-only) loads the kernel given as a
// module and hands over as PROTOCOL.md describes.
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { bootAndCheck } from './boot.ts';
import { KERNELS } from './catalog.ts';
import type { End, GuestKernel } from './catalog.ts';
import { grubRescueIso } from './grub.ts';
import { makeKernels } from './make.ts';
import { KERNELS_DIR, PUBLIC_KERNELS } from './paths.ts';
import { ensureKernelTestTools } from './system-deps.ts';

const SHIM = 'limine-shim.elf';

function describeEnd(end: End): string {
  if (end.kind === 'triple-fault') return `dies in a triple fault (${end.chain.join(', ')})`;
  return end.code === 0 ? 'exits with 0' : `exits with 0x${end.code.toString(16)}`;
}

const booted = KERNELS.filter((k) => k.protocol !== 'iso');

describe('the guest kernels under QEMU', () => {
  let shimDir = '';
  let grubIso = '';
  beforeAll(() => {
    ensureKernelTestTools();
    shimDir = makeKernels([SHIM]);
    grubIso = grubRescueIso(
      join(KERNELS_DIR, 'tools/grub.cfg'),
      join(PUBLIC_KERNELS, 'multiboot2-hello.elf'),
    );
  }, 120_000);
  afterAll(() => rmSync(shimDir, { recursive: true, force: true }));

  function bootArgs(k: GuestKernel): string[] {
    const image = join(PUBLIC_KERNELS, k.image);
    if (k.protocol === 'limine') return ['-kernel', join(shimDir, SHIM), '-initrd', image];
    if (k.protocol === 'multiboot2') return ['-cdrom', grubIso];
    return ['-kernel', image];
  }

  it.each(booted.map((k) => [k.name, describeEnd(k.end), k] as const))(
    '%s prints its expected lines and %s',
    async (_name, _end, k) => {
      await bootAndCheck(k, bootArgs(k));
    },
  );
});
