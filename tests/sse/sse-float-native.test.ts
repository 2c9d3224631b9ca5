// SSE floating-point arithmetic, compares and conversions against the host CPU, on special
// values and values that round, under every rounding mode, DAZ/FZ combination and some
// unmasked exceptions (#XM): XMM results, MXCSR flags, EFLAGS and GPRs must match bit for bit.
import { describe, expect, it } from 'vitest';
import type { SseCase } from './case.ts';
import { mismatches } from './compare.ts';
import { FLOAT_FORMS, floatCase } from './float-cases.ts';
import { Rng } from './gen.ts';

const SEED = Number(process.env.SSE_SEED ?? 20240601);
const PER_FORM = Number(process.env.SSE_FLOAT_CASES ?? 150);

describe(`SSE floating point against the host CPU (seed ${SEED})`, () => {
  it('matches on every arithmetic, compare and conversion form', () => {
    const r = new Rng(SEED + 7);
    const cases: SseCase[] = [];
    const labels: string[] = [];
    for (const f of FLOAT_FORMS)
      for (let k = 0; k < PER_FORM; k++) {
        cases.push(floatCase(r, f));
        labels.push(f.name);
      }
    expect(mismatches(cases, labels)).toEqual([]);
  });
});
