// Builds kernels from kernels/ with its own Makefile into a fresh temporary directory, never
// touching kernels/build or public/kernels.
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KERNELS_DIR } from './paths.ts';

/** Runs make for `targets` (file names in the build directory; all when empty). */
export function makeKernels(targets: string[] = []): string {
  const dir = mkdtempSync(join(tmpdir(), 'pagescope-kernels-'));
  execFileSync(
    'make',
    [
      '-s',
      '-j2',
      '-C',
      KERNELS_DIR,
      `BUILD=${dir}`,
      'PUBLIC=',
      ...targets.map((t) => join(dir, t)),
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  return dir;
}
