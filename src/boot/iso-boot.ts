import type { ConfigEntry } from './config-entry.ts';
import { fail } from './errors.ts';
import { GRUB_CONFIG_PATHS, parseGrubConfig } from './grub-config.ts';
import { IsoVolume } from './iso9660.ts';
import type { LoadedFile } from './kernel-input.ts';
import { LIMINE_CONFIG_PATHS, parseLimineConfig } from './limine-config.ts';

/** What a boot ISO's configuration loads: the chosen entry, its kernel and its modules. */
export interface IsoBoot {
  config: ConfigEntry;
  kernel: Uint8Array;
  modules: LoadedFile[];
}

/**
 * Reads a boot ISO as its boot loader would: Limine's config if there is one (Limine looks in
 * these places, in order), else GRUB's grub.cfg; then the kernel and modules it names.
 */
export function readIsoBoot(bytes: Uint8Array): IsoBoot {
  const volume = new IsoVolume(bytes);
  const config = findConfig(volume);
  const kernel = volume.read(config.kernelPath);
  if (!kernel)
    fail(
      'BOOT_ISO_NO_KERNEL',
      `${config.configPath} names ${config.kernelPath}, which is not on the ISO`,
    );
  const modules = config.modules.map((m) => {
    const data = volume.read(m.path);
    if (!data) fail('BOOT_MODULE_MISSING', `${config.configPath} names ${m.path}`);
    return { path: m.path, bytes: data, string: m.string };
  });
  return { config, kernel, modules };
}

function findConfig(volume: IsoVolume): ConfigEntry {
  const text = (data: Uint8Array) => new TextDecoder().decode(data);
  for (const path of LIMINE_CONFIG_PATHS) {
    const data = volume.read(path);
    if (data) return parseLimineConfig(text(data), path);
  }
  for (const path of GRUB_CONFIG_PATHS) {
    const data = volume.read(path);
    if (data) return parseGrubConfig(text(data), path);
  }
  return fail('BOOT_ISO_NO_KERNEL', 'there is no limine.conf, limine.cfg or grub.cfg');
}
