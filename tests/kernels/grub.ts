// A real GRUB boot ISO, made with grub-mkrescue from a grub.cfg and a kernel, for booting
// Multiboot 2 kernels under QEMU (QEMU's own -kernel speaks Multiboot 1 only).
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export function grubRescueIso(grubCfg: string, kernel: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'pagescope-grub-'));
  mkdirSync(join(dir, 'root/boot/grub'), { recursive: true });
  copyFileSync(grubCfg, join(dir, 'root/boot/grub/grub.cfg'));
  copyFileSync(kernel, join(dir, 'root/boot/kernel.elf'));
  const iso = join(dir, 'grub.iso');
  execFileSync('grub-mkrescue', ['-o', iso, join(dir, 'root')], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return iso;
}
