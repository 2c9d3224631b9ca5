// public/kernels/iso-multiboot2.iso, written by kernels/tools/mkiso.mjs: a plain ISO 9660
// volume with boot/grub/grub.cfg and the kernel it names. Read back with xorriso (another
// implementation), and booted by putting the same two files into a real GRUB ISO.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bootAndCheck } from './boot.ts';
import { KERNELS } from './catalog.ts';
import { grubRescueIso } from './grub.ts';
import { PUBLIC_KERNELS } from './paths.ts';
import { ensureKernelTestTools } from './system-deps.ts';

const ISO = join(PUBLIC_KERNELS, 'iso-multiboot2.iso');

function xorriso(args: string[]): string {
  return execFileSync('xorriso', args, { stdio: ['ignore', 'pipe', 'pipe'] }).toString();
}

describe('the ISO-packaged kernel', () => {
  let dir = '';
  let grubCfg = '';
  let kernel = '';
  beforeAll(() => {
    ensureKernelTestTools();
    dir = mkdtempSync(join(tmpdir(), 'pagescope-iso-'));
    grubCfg = join(dir, 'grub.cfg');
    kernel = join(dir, 'kernel.elf');
    // No Rock Ridge: the names on the volume are the upper-case ISO 9660 ones.
    xorriso(['-osirrox', 'on', '-indev', ISO, '-extract', '/BOOT/GRUB/GRUB.CFG', grubCfg]);
    xorriso(['-osirrox', 'on', '-indev', ISO, '-extract', '/BOOT/KERNEL.ELF', kernel]);
  }, 60_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('is a volume xorriso lists with exactly the grub.cfg and the kernel', () => {
    const listing = xorriso(['-indev', ISO, '-find', '/', '-type', 'f']);
    const files = [...listing.matchAll(/^'(.*)'$/gm)].map((m) => m[1]).sort();
    expect(files).toEqual(['/BOOT/GRUB/GRUB.CFG', '/BOOT/KERNEL.ELF']);
  });

  it('has a grub.cfg whose multiboot2 line names /boot/kernel.elf', () => {
    expect(readFileSync(grubCfg, 'utf8')).toMatch(/^\s*multiboot2 \/boot\/kernel\.elf\s*$/m);
  });

  it('carries multiboot2-hello.elf byte for byte as its kernel', () => {
    const ours = readFileSync(join(PUBLIC_KERNELS, 'multiboot2-hello.elf'));
    expect(readFileSync(kernel).equals(ours)).toBe(true);
  });

  it('boots its grub.cfg and kernel through GRUB to the expected output and exit 0', async () => {
    const k = KERNELS.find((x) => x.name === 'iso-multiboot2')!;
    await bootAndCheck(k, ['-cdrom', grubRescueIso(grubCfg, kernel)]);
  });
});
