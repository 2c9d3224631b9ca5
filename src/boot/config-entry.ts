import { fail } from './errors.ts';

export type ConfigProtocol = 'limine' | 'multiboot1' | 'multiboot2';

/** The boot entry a boot loader config selects: what to load and how. */
export interface ConfigEntry {
  /** The config file it came from, e.g. /boot/limine/limine.conf. */
  configPath: string;
  title: string;
  protocol: ConfigProtocol;
  /** Absolute path of the kernel on the volume, with a leading slash. */
  kernelPath: string;
  cmdline: string;
  modules: { path: string; string: string }[];
}

/**
 * The volume path a boot loader path names, for files on the boot medium: Limine's
 * `boot():/x`, `boot(1):/x`, the older `boot:///x` and `boot://1/x`, GRUB's `(cd)/x` and
 * `($root)/x`, or a plain `/x`. A Limine hash suffix (`#blake2b...`) is dropped.
 */
export function volumePath(spec: string, configPath: string): string {
  let s = spec.trim().replace(/#[0-9a-fA-F]*$/, '');
  if (s.startsWith('$'))
    fail('BOOT_CONFIG_BAD', `${configPath} asks for a compressed file (${spec})`);
  const limine = /^[a-z]+\([^)]*\):(\/.*)$/i.exec(s);
  const legacy = /^[a-z]+:\/\/[^/]*(\/.*)$/i.exec(s);
  const grub = /^\([^)]*\)(\/.*)$/.exec(s);
  s = limine?.[1] ?? legacy?.[1] ?? grub?.[1] ?? s;
  if (!s.startsWith('/'))
    fail('BOOT_CONFIG_BAD', `${configPath} names ${spec}, which is not a path on the boot medium`);
  return s.replace(/\/+/g, '/');
}
