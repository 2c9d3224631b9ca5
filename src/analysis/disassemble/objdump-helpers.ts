import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** objdump -M intel's instruction lines: address, byte count and text. */
export function objdumpLines(out: string): { address: number; length: number; text: string }[] {
  const lines = [];
  for (const l of out.split('\n')) {
    const m = /^\s*([0-9a-f]+):\t((?:[0-9a-f]{2} )+)\s*\t(.*)$/.exec(l);
    if (m)
      lines.push({
        address: parseInt(m[1], 16),
        length: m[2].trim().split(' ').length,
        text: m[3],
      });
  }
  return lines;
}

/** objdump -D -M intel of raw 64-bit code. */
export function objdumpRawOutput(code: Uint8Array): string {
  const dir = mkdtempSync(join(tmpdir(), 'pagescope-objdump-'));
  const file = join(dir, 'code.bin');
  writeFileSync(file, code);
  try {
    return execFileSync(
      'objdump',
      ['-D', '-b', 'binary', '-m', 'i386:x86-64', '-M', 'intel', '-w', file],
      { encoding: 'utf8', maxBuffer: 1 << 28 },
    );
  } finally {
    rmSync(dir, { recursive: true });
  }
}

/** The texts of objdump's lines for raw code, normalised. */
export function objdumpRaw(code: Uint8Array): string[] {
  return objdumpLines(objdumpRawOutput(code)).map((l) => normalise(l.text));
}

/**
 * objdump's text made comparable, undoing only cosmetic differences:
 * - the mnemonic is padded to a column, and a `#` comment is spaced out: single spaces here;
 * - prefixes the instruction ignores (padding nops: `data16`, `cs`, `rex.W`...) are named by
 *   objdump; pagescope's decoder drops them, as the CPU does.
 */
export function normalise(text: string): string {
  return text
    .replace(/^((?:data16|cs|ds|es|ss|rex(?:\.\w+)?|bnd|notrack) )+/, '')
    .replace(/\s+#\s+/, ' # ')
    .replace(/\s+/, ' ')
    .trim();
}
