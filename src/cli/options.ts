import { CliError } from './cli-error.ts';

/** Parses `--name value` pairs; every option must be known and given a value. */
export function parseOptions(args: string[], known: string[]): Map<string, string> {
  const out = new Map<string, string>();
  for (let k = 0; k < args.length; k++) {
    const a = args[k];
    if (!a.startsWith('--')) throw new CliError(`unexpected argument '${a}'`);
    const name = a.slice(2);
    if (!known.includes(name)) throw new CliError(`unknown option '${a}'`);
    const value = args[k + 1];
    if (value === undefined || value.startsWith('--'))
      throw new CliError(`option '${a}' needs a value`);
    out.set(name, value);
    k++;
  }
  return out;
}

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
