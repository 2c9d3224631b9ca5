// Compiles tiny kernels with the host gcc and ld into a cache keyed by their sources and
// flags, so the tests check what a real toolchain emits, and an unchanged kernel is built once.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const CACHE_DIR = resolve(here, '../../../node_modules/.cache/pagescope-boot');

/**
 * Writes `sources` into a build directory and runs `gcc <args> -o kernel.elf <sources...>`;
 * returns the linked file. Files whose names end in .ld are linker scripts, passed by the args.
 */
export function buildKernel(sources: Record<string, string>, args: string[]): Uint8Array {
  const hash = createHash('sha256')
    .update(JSON.stringify([sources, args]))
    .digest('hex')
    .slice(0, 16);
  const out = join(CACHE_DIR, `${hash}.elf`);
  if (existsSync(out)) return new Uint8Array(readFileSync(out));
  // Build in a directory of this process's own and rename the result into place: test files
  // run in parallel workers and may build the same kernel at the same time.
  const dir = join(CACHE_DIR, `${hash}.${process.pid}.tmp`);
  mkdirSync(dir, { recursive: true });
  for (const [name, text] of Object.entries(sources)) writeFileSync(join(dir, name), text);
  const inputs = Object.keys(sources).filter((n) => !n.endsWith('.ld'));
  execFileSync('gcc', [...args, '-o', 'kernel.elf', ...inputs], {
    cwd: dir,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  renameSync(join(dir, 'kernel.elf'), out);
  rmSync(dir, { recursive: true });
  return new Uint8Array(readFileSync(out));
}

/** Flags for freestanding kernels: no libc, no PIE, no build-id note, 4 KiB segment alignment. */
export const FREESTANDING = [
  '-ffreestanding',
  '-nostdlib',
  '-static',
  '-fno-pie',
  '-no-pie',
  '-fno-stack-protector',
  '-fno-asynchronous-unwind-tables',
  '-Wl,--build-id=none',
  '-Wl,-z,max-page-size=0x1000',
  '-Wl,-z,noexecstack',
  '-Wl,--no-warn-rwx-segments',
];
