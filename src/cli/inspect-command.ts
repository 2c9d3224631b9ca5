import type { NameSources } from '../analysis/named-regions.ts';
import { CliError } from './cli-error.ts';
import { splitArgs } from './command-args.ts';
import { GuestSession, sessionOptions } from './guest-session.ts';
import type { RunEnd } from './guest-session.ts';
import { parseViews, renderView } from './inspect-views.ts';
import { jsonText } from './json-text.ts';
import { parseStopPoint } from './stop-point.ts';

/** Exit statuses of `pagescope inspect`: 6 when the machine ended or a limit hit before --at. */
export const INSPECT_EXIT = { ok: 0, badInput: 2, notReached: 6 } as const;

/**
 * `pagescope inspect IMAGE --at STOP VIEW...`: runs to a stopping point and prints views of
 * the machine there (QEMU's text, or --json). Views go to stdout; where the run stopped goes
 * to stderr, so `info mem` output compares byte for byte with QEMU's.
 */
export function inspectCommand(
  args: string[],
  out: (s: string) => void,
  err: (s: string) => void,
): number {
  const [image, ...rest] = args;
  if (image === undefined || image.startsWith('--'))
    throw new CliError('inspect needs an image: pagescope inspect kernel.elf --at halt info mem');
  const a = splitArgs(
    rest,
    ['at', 'ram', 'append', 'max-instructions', 'max-seconds'],
    ['json', 'serial', 'framebuffer'],
  );
  const atText = a.values.get('at') ?? 'exit';
  const stop = parseStopPoint(atText);
  const views = parseViews(a.words);
  const session = GuestSession.boot(
    image,
    sessionOptions(a.values, a.switches, a.switches.has('serial') ? err : undefined),
  );
  if ('error' in session) {
    err(`pagescope: ${session.error}\n`);
    return INSPECT_EXIT.badInput;
  }
  const end = session.run(stop);
  const findings = session.monitor.finish();
  const cpu = session.machine.cpu;
  const rip = '0x' + ((BigInt(cpu.rip[1] >>> 0) << 32n) | BigInt(cpu.rip[0] >>> 0)).toString(16);
  const { regions, symbols, sections } = session.plan;
  const names: NameSources = { regions, symbols, sections };
  const rendered = views.map((v) => ({ view: v, ...renderView(v, cpu, { findings, names }) }));
  if (a.switches.has('json')) {
    out(
      jsonText({
        stop: atText,
        ...end,
        rip,
        views: rendered.map((r) => ({ ...r.view, data: r.data })),
      }),
    );
  } else {
    err(`pagescope: ${stoppedText(atText, end)}, RIP ${rip}\n`);
    for (const r of rendered) out(r.text);
  }
  return end.reached ? INSPECT_EXIT.ok : INSPECT_EXIT.notReached;
}

function stoppedText(at: string, end: RunEnd): string {
  if (end.reached) return `stopped at ${at}: instruction ${end.at}`;
  const why =
    end.reason === 'limit'
      ? '--max-instructions reached'
      : end.reason === 'time'
        ? '--max-seconds reached'
        : `the machine ended first (${end.reason})`;
  return `--at ${at} not reached (${why}); showing instruction ${end.at}`;
}
