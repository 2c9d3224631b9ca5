import type { ElfImage } from './elf.ts';
import type { ResolvedOptions } from './options.ts';
import type { Detection } from './plan.ts';

/** A file the loader places in memory for the kernel, with the string it passes along. */
export interface LoadedFile {
  /** Path on the boot volume, with a leading slash. */
  path: string;
  bytes: Uint8Array;
  string: string;
}

/** What a protocol builder gets: the kernel, its files and strings, and the machine options. */
export interface KernelInput {
  detection: Detection;
  file: Uint8Array;
  /** The kernel's path on the boot volume (the dropped file's name for a bare kernel). */
  path: string;
  /** The command line exactly as this protocol's loader passes it. */
  cmdline: string;
  modules: LoadedFile[];
  /** Whether the files came from an optical medium (an ISO). */
  optical: boolean;
  elf?: ElfImage;
  options: ResolvedOptions;
}
