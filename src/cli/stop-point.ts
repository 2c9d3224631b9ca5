import type { StopReason } from '../core/machine.ts';
import type { WatchEvent } from '../core/watch/events.ts';
import type { PagingWatch } from '../core/watch/paging-watch.ts';
import { CliError } from './cli-error.ts';

/** `--at`: where `pagescope inspect` stops the machine to look at it. */
export interface StopPoint {
  kind: 'instruction' | 'cr3' | 'vector' | 'triple-fault' | 'halt' | 'exit';
  /** kind 'instruction': the instruction count to stop at. */
  instruction: number | null;
  /** Starts watching for it; `stop` stops the machine after the instruction that reaches it. */
  arm(watch: PagingWatch, stop: () => void): () => void;
  /** Whether the machine ending for this reason is the stop point itself. */
  endsAt(reason: StopReason): boolean;
}

const STOP_HELP =
  'N (instruction count), cr3 (first CR3 write), cr3:N (Nth), vector:V (exception V, after it is delivered), triple-fault, halt, exit';

const none = () => () => {};

/** Parses a stop point; a CliError names the forms when it is none of them. */
export function parseStopPoint(text: string): StopPoint {
  const t = text.trim().toLowerCase();
  if (/^\d+$/.test(t))
    return { kind: 'instruction', instruction: Number(t), arm: none, endsAt: () => false };
  const cr3 = /^cr3(?::(\d+))?$/.exec(t);
  if (cr3)
    return countEvents(
      'cr3',
      Number(cr3[1] ?? '1'),
      (e) => e.kind === 'control' && e.reg === 'cr3',
    );
  const vector = /^vector:(0x[0-9a-f]+|\d+)$/.exec(t);
  if (vector) {
    const v = Number(vector[1]);
    if (v > 31) throw new CliError(`--at vector:${v}: exceptions are vectors 0-31`);
    return countEvents('vector', 1, (e) => e.kind === 'exception' && e.vector === v);
  }
  if (t === 'triple-fault' || t === 'halt' || t === 'exit') {
    const ends: StopReason[] =
      t === 'triple-fault'
        ? ['triple-fault']
        : t === 'halt'
          ? ['halted-forever']
          : ['exit', 'poweroff'];
    return { kind: t, instruction: null, arm: none, endsAt: (r) => ends.includes(r) };
  }
  throw new CliError(`--at takes ${STOP_HELP}; not '${text}'`);
}

/** A stop at the `n`th watch event that `matches`. */
function countEvents(
  kind: 'cr3' | 'vector',
  n: number,
  matches: (e: WatchEvent) => boolean,
): StopPoint {
  if (n < 1) throw new CliError(`--at ${kind}:${n}: counts start at 1`);
  return {
    kind,
    instruction: null,
    arm(watch, stop) {
      let seen = 0;
      return watch.listen((e) => {
        if (matches(e) && ++seen === n) stop();
      });
    },
    endsAt: () => false,
  };
}
