// Compares a kernel's serial output with its expected file. In expected files, `{*}` stands
// for any run of characters within one line (what the boot loader decides: addresses, sizes,
// its name); everything else must match exactly, line for line, with nothing extra.

export const WILDCARD = '{*}';

function lineMatches(pattern: string, line: string): boolean {
  const parts = pattern.split(WILDCARD);
  if (parts.length === 1) return pattern === line;
  const escaped = parts.map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(`^${escaped.join('.*')}$`, 's').test(line);
}

const lines = (text: string): string[] => text.replace(/\r/g, '').replace(/\n$/, '').split('\n');

/** Undefined when `actual` matches `expected`; otherwise what differs first, for a message. */
export function serialMismatch(expected: string, actual: string): string | undefined {
  const want = lines(expected);
  const got = lines(actual);
  for (let i = 0; i < Math.max(want.length, got.length); i++) {
    if (i >= want.length)
      return `line ${i + 1}: unexpected extra output: ${JSON.stringify(got[i])}`;
    if (i >= got.length) return `line ${i + 1}: output ends; expected ${JSON.stringify(want[i])}`;
    if (!lineMatches(want[i], got[i]))
      return `line ${i + 1}: expected ${JSON.stringify(want[i])}, got ${JSON.stringify(got[i])}`;
  }
  return undefined;
}

/** The output from the kernel's first line on: firmware and boot loaders print before it. */
export function fromBanner(output: string, banner: string): string | undefined {
  const clean = output.replace(/\r/g, '');
  const at = clean.indexOf(banner);
  return at < 0 ? undefined : clean.slice(at);
}
