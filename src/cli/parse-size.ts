import { CliError } from './cli-error.ts';

/** A size as QEMU's -m takes it: bytes, or a number with K, M or G (binary units). */
export function parseSize(text: string, what: string): number {
  const m = /^(\d+)([KMG]?)i?B?$/i.exec(text.trim());
  if (!m) throw new CliError(`${what}: '${text}' is not a size like 256M or 1G`);
  const unit = { '': 1, K: 1 << 10, M: 1 << 20, G: 1 << 30 }[
    m[2].toUpperCase() as '' | 'K' | 'M' | 'G'
  ];
  return Number(m[1]) * unit;
}
