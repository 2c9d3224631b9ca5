import { volumePath } from './config-entry.ts';
import type { ConfigEntry, ConfigProtocol } from './config-entry.ts';
import { fail } from './errors.ts';

/** Where Limine looks for its config on the boot volume, in order (CONFIG.md). */
export const LIMINE_CONFIG_PATHS = [
  '/limine.conf',
  '/limine/limine.conf',
  '/boot/limine.conf',
  '/boot/limine/limine.conf',
  '/EFI/BOOT/limine.conf',
  // Limine 7 and older used limine.cfg with KEY=value lines.
  '/limine.cfg',
  '/boot/limine.cfg',
  '/boot/limine/limine.cfg',
  '/EFI/BOOT/limine.cfg',
];

const PROTOCOLS: Record<string, ConfigProtocol | undefined> = {
  limine: 'limine',
  multiboot: 'multiboot1',
  multiboot1: 'multiboot1',
  multiboot2: 'multiboot2',
};

interface RawEntry {
  title: string;
  options: [string, string][];
}

/**
 * Reads a Limine config, in either syntax: `key: value` options under `/Title` entries
 * (limine.conf), or `KEY=value` under `:Title` entries (limine.cfg). Returns the entry Limine
 * boots without a key press: `default_entry` (1-based), else the first one.
 */
export function parseLimineConfig(text: string, configPath: string): ConfigEntry {
  const macros = new Map<string, string>();
  const globals: [string, string][] = [];
  const entries: RawEntry[] = [];
  for (const rawLine of text.split(/\r?\n/)) {
    const line = rawLine.trim();
    if (line === '' || line.startsWith('#')) continue;
    const macro = /^\$\{([^}]+)\}=(.*)$/.exec(line);
    if (macro) {
      macros.set(macro[1], macro[2]);
      continue;
    }
    const title = /^(?:\/+|:+)\+?(.*)$/.exec(line);
    if (title) {
      entries.push({ title: title[1].trim(), options: [] });
      continue;
    }
    const option = /^([A-Za-z_0-9]+)\s*(?::|=)\s*(.*)$/.exec(line);
    if (!option) continue;
    const pair: [string, string] = [option[1].toLowerCase(), expand(option[2], macros)];
    (entries.length > 0 ? entries[entries.length - 1].options : globals).push(pair);
  }
  const bootable = entries.filter((e) => e.options.some(([k]) => k === 'protocol'));
  if (bootable.length === 0) fail('BOOT_CONFIG_BAD', `${configPath} has no entry with a protocol`);
  const wanted = Number(globals.find(([k]) => k === 'default_entry')?.[1] ?? 1);
  const chosen = entries[wanted - 1]?.options.some(([k]) => k === 'protocol')
    ? entries[wanted - 1]
    : bootable[0];
  return toEntry(chosen, configPath);
}

function expand(value: string, macros: Map<string, string>): string {
  return value.replace(
    /\$\{([^}]+)\}/g,
    (m, name: string) => macros.get(name) ?? (name === 'ARCH' ? 'x86-64' : m),
  );
}

function toEntry(raw: RawEntry, configPath: string): ConfigEntry {
  const get = (...keys: string[]) => raw.options.find(([k]) => keys.includes(k))?.[1];
  const protocolName = (get('protocol') ?? '').toLowerCase();
  const protocol = PROTOCOLS[protocolName];
  if (!protocol)
    fail(
      'BOOT_UNSUPPORTED_PROTOCOL',
      `${configPath} entry "${raw.title}" uses protocol ${protocolName}`,
    );
  const kernel = get('path', 'kernel_path');
  if (!kernel) fail('BOOT_CONFIG_BAD', `${configPath} entry "${raw.title}" names no kernel path`);
  // A module string applies to the module named last before it.
  const modules: ConfigEntry['modules'] = [];
  for (const [k, v] of raw.options) {
    if (k === 'module_path') modules.push({ path: volumePath(v, configPath), string: '' });
    else if ((k === 'module_string' || k === 'module_cmdline') && modules.length > 0) {
      modules[modules.length - 1].string = v;
    }
  }
  return {
    configPath,
    title: raw.title,
    protocol,
    kernelPath: volumePath(kernel, configPath),
    cmdline: get('cmdline', 'kernel_cmdline') ?? '',
    modules,
  };
}
