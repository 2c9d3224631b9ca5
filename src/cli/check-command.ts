import { findingText } from '../analysis/pitfalls/finding-text.ts';
import { CliError } from './cli-error.ts';
import { splitArgs } from './command-args.ts';
import { GuestSession, sessionOptions } from './guest-session.ts';
import { jsonText } from './json-text.ts';
import { parseStopPoint } from './stop-point.ts';

/**
 * Exit statuses of `pagescope check`, for other kernels' CI: 0 nothing found, 1 warnings
 * only (W+X pages, user-accessible kernel pages, the null page mapped...), 3 at least one
 * error (a bug that broke or will break the kernel), 2 bad input.
 */
export const CHECK_EXIT = { clean: 0, warnings: 1, badInput: 2, errors: 3 } as const;

/** `pagescope check IMAGE`: boots, runs to the end or a limit, prints the findings. */
export function checkCommand(
  args: string[],
  out: (s: string) => void,
  err: (s: string) => void,
): number {
  const [image, ...rest] = args;
  if (image === undefined || image.startsWith('--'))
    throw new CliError('check needs an image: pagescope check kernel.elf [options]');
  const a = splitArgs(
    rest,
    ['ram', 'append', 'max-instructions', 'max-seconds'],
    ['json', 'serial', 'framebuffer'],
  );
  if (a.words.length > 0) throw new CliError(`unexpected argument '${a.words[0]}'`);
  const session = GuestSession.boot(
    image,
    sessionOptions(a.values, a.switches, a.switches.has('serial') ? err : undefined),
  );
  if ('error' in session) {
    err(`pagescope: ${session.error}\n`);
    return CHECK_EXIT.badInput;
  }
  const end = session.run(parseStopPoint('exit'));
  const findings = session.monitor.finish();
  const errors = findings.filter((f) => f.severity === 'error').length;
  const warnings = findings.length - errors;
  const ended = `${end.reason === 'time' ? 'stopped by --max-seconds' : end.reason === 'limit' ? 'stopped by --max-instructions' : `ended: ${end.reason}`} at instruction ${end.at}`;
  if (a.switches.has('json'))
    out(jsonText({ image, end: { reason: end.reason, at: end.at }, errors, warnings, findings }));
  else {
    for (const f of findings) out(findingText(f) + '\n\n');
    out(
      `pagescope check: ${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'} (the run ${ended})\n`,
    );
  }
  return errors > 0 ? CHECK_EXIT.errors : warnings > 0 ? CHECK_EXIT.warnings : CHECK_EXIT.clean;
}
