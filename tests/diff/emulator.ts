// Runs a case through the emulator's run-bytes entry point, reporting a thrown error (an
// unimplemented opcode, say) as an outcome of its own rather than stopping the whole run.
import { runBytes } from '../../src/core/cpu/run-bytes.ts';
import { CASE_FLAGS, FIXED_FLAGS } from './case.ts';
import type { DiffCase, Outcome } from './case.ts';
import { initialWindow, windowChanges } from './data-fill.ts';

/** Far above any case: the longest REP runs a few thousand iterations. */
const MAX_INSTRUCTIONS = 100_000;

export type EmulatedOutcome = Outcome | { thrown: string };

export function runEmulated(c: DiffCase, compile = false): EmulatedOutcome {
  const initial = initialWindow(c);
  try {
    const result = runBytes({
      mode: 64,
      code: c.code,
      state: { gpr: [...c.gpr], rflags: (c.rflags & CASE_FLAGS) | FIXED_FLAGS },
      data: initial.slice(),
      maxInstructions: MAX_INSTRUCTIONS,
      cpl: 3,
      compile,
    });
    return {
      vector: result.exception?.vector ?? null,
      errorCode: result.exception?.errorCode ?? null,
      gpr: result.state.gpr,
      rflags: result.state.rflags,
      rip: result.state.rip,
      changes: windowChanges(initial, result.data),
    };
  } catch (e) {
    return { thrown: e instanceof Error ? e.message : String(e) };
  }
}
