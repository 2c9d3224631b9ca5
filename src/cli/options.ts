import { CliError } from './cli-error.ts';

/** A number in decimal or 0x hex, as a 64-bit two's complement BigInt. */
export function parseInteger(text: string, what: string): bigint {
  const t = text.trim().toLowerCase();
  const neg = t.startsWith('-');
  const body = neg ? t.slice(1) : t;
  if (!/^(0x[0-9a-f]+|[0-9]+)$/.test(body))
    throw new CliError(`${what}: '${text}' is not a number`);
  const v = BigInt(body);
  if (v >= 1n << 64n) throw new CliError(`${what}: '${text}' does not fit in 64 bits`);
  return BigInt.asUintN(64, neg ? -v : v);
}
