import { volumePath } from './config-entry.ts';
import type { ConfigEntry } from './config-entry.ts';
import { fail } from './errors.ts';

/** Where grub-mkrescue and distributions put grub.cfg on a boot ISO. */
export const GRUB_CONFIG_PATHS = [
  '/boot/grub/grub.cfg',
  '/boot/grub2/grub.cfg',
  '/EFI/BOOT/grub.cfg',
  '/grub.cfg',
];

interface Block {
  title: string;
  commands: string[][];
}

/**
 * Reads the multiboot entry GRUB boots by default from grub.cfg: the menuentry numbered by
 * `set default=N` (0-based; the first entry otherwise), or the commands outside any entry
 * when there is no menu. Like GRUB 2, the kernel command line is the words after the file
 * name, and so is each module's string.
 */
export function parseGrubConfig(text: string, configPath: string): ConfigEntry {
  const top: Block = { title: '', commands: [] };
  const menu: Block[] = [];
  let open: Block | undefined;
  let defaultIndex = 0;
  for (const line of text.split(/\r?\n/)) {
    const words = tokenize(line);
    if (words.length === 0) continue;
    if (words[0] === 'menuentry') {
      open = { title: words[1] ?? '', commands: [] };
      menu.push(open);
      continue;
    }
    if (words[0] === '}') {
      open = undefined;
      continue;
    }
    const set = words[0] === 'set' ? /^default=(\d+)$/.exec(words[1] ?? '') : null;
    if (set) defaultIndex = Number(set[1]);
    (open ?? top).commands.push(words);
  }
  const candidates = [...menu, top].filter((b) => b.commands.some((c) => isKernelCommand(c[0])));
  if (candidates.length === 0)
    fail('BOOT_CONFIG_BAD', `${configPath} has no multiboot or multiboot2 command`);
  const chosen =
    menu[defaultIndex] && candidates.includes(menu[defaultIndex])
      ? menu[defaultIndex]
      : candidates[0];
  return toEntry(chosen, configPath);
}

function isKernelCommand(word: string | undefined): boolean {
  return word === 'multiboot' || word === 'multiboot2';
}

function toEntry(block: Block, configPath: string): ConfigEntry {
  const kernel = block.commands.find((c) => isKernelCommand(c[0]));
  if (!kernel) fail('BOOT_CONFIG_BAD', `${configPath} entry "${block.title}" loads no kernel`);
  const mb2 = kernel[0] === 'multiboot2';
  const args = withoutOptions(kernel.slice(1));
  if (args.length === 0) fail('BOOT_CONFIG_BAD', `${configPath}: ${kernel[0]} names no file`);
  const modules = block.commands
    .filter((c) => c[0] === (mb2 ? 'module2' : 'module'))
    .map((c) => withoutOptions(c.slice(1)))
    .filter((a) => a.length > 0)
    .map((a) => ({ path: volumePath(a[0], configPath), string: a.slice(1).join(' ') }));
  return {
    configPath,
    title: block.title,
    protocol: mb2 ? 'multiboot2' : 'multiboot1',
    kernelPath: volumePath(args[0], configPath),
    cmdline: args.slice(1).join(' '),
    modules,
  };
}

/** Drops leading --options (--quirk-bad-kludge, --nounzip...) before the file name. */
function withoutOptions(words: string[]): string[] {
  let i = 0;
  while (i < words.length && words[i].startsWith('--')) i++;
  return words.slice(i);
}

/** Splits a grub.cfg line into words: quotes group, '#' at a word start comments, '{' ends a word. */
function tokenize(line: string): string[] {
  const words: string[] = [];
  let word: string | undefined;
  let quote: string | undefined;
  for (const ch of line) {
    if (quote) {
      if (ch === quote) quote = undefined;
      else word = (word ?? '') + ch;
    } else if (ch === '"' || ch === "'") {
      quote = ch;
      word ??= '';
    } else if (/\s/.test(ch) || ch === '{') {
      if (word !== undefined) words.push(word);
      word = undefined;
    } else if (ch === '#' && word === undefined) {
      break;
    } else {
      word = (word ?? '') + ch;
    }
  }
  if (word !== undefined) words.push(word);
  return words;
}
