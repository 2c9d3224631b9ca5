// The host tools the kernel tests drive. Missing ones are installed from Debian when running
// as root, as scripts/ensure-system-deps.sh does for the whole suite; otherwise the tests
// fail with the exact command to run, so nothing is skipped quietly.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

/** A command (or a file) and the Debian package that provides it. */
const TOOLS: [string, string][] = [
  ['make', 'make'],
  ['gcc', 'gcc'],
  ['ld', 'binutils'],
  ['qemu-system-x86_64', 'qemu-system-x86'],
  ['grub-mkrescue', 'grub-common'],
  ['/usr/lib/grub/i386-pc/multiboot2.mod', 'grub-pc-bin'],
  ['xorriso', 'xorriso'],
  ['mformat', 'mtools'],
];

function present(tool: string): boolean {
  if (tool.startsWith('/')) return existsSync(tool);
  try {
    execFileSync('sh', ['-c', `command -v ${tool}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

let checked = false;

export function ensureKernelTestTools(): void {
  if (checked) return;
  const missing = [...new Set(TOOLS.filter(([tool]) => !present(tool)).map(([, pkg]) => pkg))];
  if (missing.length > 0) {
    if (process.getuid?.() !== 0)
      throw new Error(`kernel tests need: sudo apt-get install -y ${missing.join(' ')}`);
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    execFileSync('apt-get', ['update', '-qq'], { stdio: 'ignore', env });
    execFileSync('apt-get', ['install', '-y', '-qq', ...missing], { stdio: 'ignore', env });
  }
  checked = true;
}
