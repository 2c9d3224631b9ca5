// Runs cases on both CPUs and keeps the ones whose outcomes differ.
import type { DiffCase, Outcome } from './case.ts';
import { compareOutcomes } from './compare.ts';
import type { Difference } from './compare.ts';
import { runEmulated } from './emulator.ts';
import { runNative } from './native.ts';

export interface Mismatch {
  c: DiffCase;
  native: Outcome;
  diffs: Difference[];
}

export function findMismatches(cases: readonly DiffCase[]): Mismatch[] {
  const natives = runNative(cases);
  const mismatches: Mismatch[] = [];
  cases.forEach((c, i) => {
    const native = natives[i]!;
    // Every other case runs as a compiled block, so both execution paths meet the host.
    const emulated = runEmulated(c, i % 2 === 1);
    const diffs =
      'thrown' in emulated
        ? [{ field: 'threw', native: 'ran', emulated: emulated.thrown }]
        : compareOutcomes(c, native, emulated);
    if (diffs.length > 0) mismatches.push({ c, native, diffs });
  });
  return mismatches;
}
