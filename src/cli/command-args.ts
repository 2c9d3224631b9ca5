import { CliError } from './cli-error.ts';

export interface CommandArgs {
  /** `--name value` options: the last value given. */
  values: Map<string, string>;
  /** Every value of each `--name value` option, in order (for repeatable ones like --initrd). */
  repeated: Map<string, string[]>;
  /** `--name` switches that were given. */
  switches: Set<string>;
  /** Everything else, in order. */
  words: string[];
}

/**
 * Splits a command's arguments into `--name value` options, `--name` switches and plain
 * words (inspect's views). Every `--` argument must be one of the known names.
 */
export function splitArgs(args: string[], valued: string[], switches: string[]): CommandArgs {
  const out: CommandArgs = {
    values: new Map(),
    repeated: new Map(),
    switches: new Set(),
    words: [],
  };
  for (let k = 0; k < args.length; k++) {
    const a = args[k];
    if (!a.startsWith('--')) {
      out.words.push(a);
      continue;
    }
    const name = a.slice(2);
    if (switches.includes(name)) out.switches.add(name);
    else if (valued.includes(name)) {
      const value = args[k + 1];
      if (value === undefined || value.startsWith('--'))
        throw new CliError(`option '${a}' needs a value`);
      out.values.set(name, value);
      out.repeated.set(name, [...(out.repeated.get(name) ?? []), value]);
      k++;
    } else throw new CliError(`unknown option '${a}'`);
  }
  return out;
}
