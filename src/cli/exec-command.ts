import { runBytes } from '../core/cpu/run-bytes.ts';
import { VECTOR_NAMES } from '../core/cpu/fault.ts';
import { GPR_NAMES } from '../core/cpu/registers.ts';
import { CliError } from './cli-error.ts';
import { splitArgs } from './command-args.ts';
import { parseInteger } from './options.ts';
import { formatFlags } from './format-flags.ts';

/** `pagescope exec`: runs raw bytes on a bare CPU and prints the registers afterwards. */
export function execCommand(args: string[]): string {
  const parsed = splitArgs(args, ['mode', 'bytes', 'set', 'rflags', 'max'], []);
  if (parsed.words.length > 0) throw new CliError(`unexpected argument '${parsed.words[0]}'`);
  const opts = parsed.values;
  const mode = opts.get('mode') ?? '64';
  if (mode !== '64' && mode !== '32') throw new CliError(`--mode must be 64 or 32, not '${mode}'`);
  const hex = (opts.get('bytes') ?? '').replace(/[\s:]/g, '');
  if (hex === '') throw new CliError('--bytes is required (hex, e.g. 4801d8)');
  if (!/^([0-9a-fA-F]{2})+$/.test(hex))
    throw new CliError('--bytes must be an even number of hex digits');
  const code = Uint8Array.from(hex.match(/../g)!.map((b) => parseInt(b, 16)));

  const gpr: bigint[] = new Array(16).fill(0n);
  // --set takes rax=1,rbx=2 and may be repeated: every assignment counts.
  const assignments = (parsed.repeated.get('set') ?? []).flatMap((v) => v.split(','));
  for (const assignment of assignments.filter(Boolean)) {
    const [name, value] = assignment.split('=');
    const n = GPR_NAMES.indexOf(name?.toLowerCase() as (typeof GPR_NAMES)[number]);
    if (n < 0 || value === undefined)
      throw new CliError(`--set: '${assignment}' is not register=value (registers: rax..r15)`);
    gpr[n] = parseInteger(value, name);
  }
  const rflags = parseInteger(opts.get('rflags') ?? '0x2', 'rflags');
  const max = Number(parseInteger(opts.get('max') ?? '1000000', 'max'));

  const r = runBytes({
    mode: mode === '64' ? 64 : 32,
    code,
    state: { gpr, rflags },
    maxInstructions: max,
  });
  const hex64 = (v: bigint) => v.toString(16).padStart(16, '0');
  const lines: string[] = [];
  for (let row = 0; row < 16; row += 4) {
    lines.push(
      GPR_NAMES.slice(row, row + 4)
        .map((n, k) => `${n.toUpperCase().padEnd(3)}=${hex64(r.state.gpr[row + k])}`)
        .join(' '),
    );
  }
  const fl = Number(r.state.rflags);
  lines.push(
    `RIP=${hex64(r.state.rip)} RFL=${fl.toString(16).padStart(8, '0')} ${formatFlags(fl)}`,
  );
  lines.push(`instructions: ${r.instructions}`);
  if (r.exception) {
    const name = VECTOR_NAMES[r.exception.vector] ?? `vector ${r.exception.vector}`;
    const ec =
      r.exception.errorCode === null ? '' : ` error code 0x${r.exception.errorCode.toString(16)}`;
    lines.push(`exception: ${name}${ec}${r.exception.detail ? ` (${r.exception.detail})` : ''}`);
  }
  return lines.join('\n') + '\n';
}
