// What a row of docs/undefined-flags.md is measured from.
import type { Rng } from '../prng.ts';
import { WIDTHS } from '../values.ts';
import type { Width } from '../values.ts';
import type { Probe, Rule } from './probe.ts';

export interface Subject {
  instruction: string;
  /** Flag name (or 'result') to what the manuals say about it. */
  manual: Record<string, string>;
  sample: (rng: Rng) => Probe;
  /** Extra rules per flag, tried after the basic ones. */
  rules?: Record<string, Rule[]>;
}

export const pickWidth = (rng: Rng, widths: readonly Width[] = WIDTHS): Width => rng.pick(widths);
