import type { ShutdownRecord } from '../core/cpu/interrupts/fault-chain.ts';
import type { RunResult } from '../core/machine.ts';
import { hex64 } from './format.ts';
import type { StopInfo } from './views.ts';

/** Why a run ended, in words; null when the machine can go on (budget used, or paused). */
export function stopInfo(r: RunResult, shutdown: ShutdownRecord | null): StopInfo | null {
  const e = r.event;
  switch (r.reason) {
    case 'exit': {
      const status = e?.kind === 'exit' ? e.status : 0;
      const n = (status - 1) / 2;
      const written = n < 10 ? String(n) : `0x${n.toString(16)}`;
      return {
        reason: 'exit',
        message: `The guest wrote ${written} to the exit port (QEMU would exit with status ${status & 0xff}).`,
        details: [],
      };
    }
    case 'poweroff':
      return {
        reason: 'poweroff',
        message: 'The guest powered the machine off (ACPI S5).',
        details: [],
      };
    case 'reset':
      return {
        reason: 'reset',
        message: `The guest reset the machine (${e?.kind === 'reset' ? e.source : 'reset'}). Press Reset to boot again.`,
        details: [],
      };
    case 'triple-fault':
      return {
        reason: 'triple-fault',
        // The summary reads 'triple fault: #PF -> #DF -> shutdown; ...'.
        message: shutdown
          ? capitalized(shutdown.summary) + '.'
          : 'Triple fault: the CPU shut down.',
        details: (shutdown?.chain ?? []).map(
          (l) =>
            `${l.name}${l.errorCode === null ? '' : ` (error 0x${l.errorCode.toString(16)})`} at RIP ${hex64(l.rip)}` +
            `${l.cr2 === null ? '' : `, CR2 ${hex64(l.cr2)}`}: ${l.cause}; delivery failed: ${l.failure}`,
        ),
      };
    case 'halted-forever':
      return {
        reason: 'halted-forever',
        message: 'The CPU is halted with interrupts off and nothing can wake it.',
        details: [],
      };
    default:
      return null;
  }
}

function capitalized(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** A host bug (an exception out of the machine) as a stop, so the page never goes blank. */
export function internalError(e: unknown): StopInfo {
  const err = e instanceof Error ? e : new Error(String(e));
  return {
    reason: 'internal-error',
    message: `pagescope stopped the machine after an internal error: ${err.message}. This is a bug in pagescope; please report it with the image.`,
    details: (err.stack ?? '')
      .split('\n')
      .slice(1, 6)
      .map((l) => l.trim()),
  };
}
