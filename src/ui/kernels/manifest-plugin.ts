import { readdirSync } from 'node:fs';
import type { Plugin } from 'vite';

const ID = 'virtual:bundled-kernels';
const RESOLVED = '\0' + ID;
const KERNEL_FILE = /\.(elf|iso|bin|img)$/i;

/** The kernel images in `dir`, sorted; anything else there (a README) is left out. */
export function listKernels(dir: string): string[] {
  try {
    return readdirSync(dir)
      .filter((f) => KERNEL_FILE.test(f))
      .sort();
  } catch {
    return [];
  }
}

/**
 * `import files from 'virtual:bundled-kernels'`: the names in public/kernels/ when the app is
 * built (or served), so the gallery follows the directory without a hand-kept list.
 */
export function bundledKernelsPlugin(dir: string): Plugin {
  return {
    name: 'pagescope-bundled-kernels',
    resolveId: (id) => (id === ID ? RESOLVED : undefined),
    load(id) {
      if (id !== RESOLVED) return undefined;
      this.addWatchFile(dir);
      return `export default ${JSON.stringify(listKernels(dir))};`;
    },
  };
}
