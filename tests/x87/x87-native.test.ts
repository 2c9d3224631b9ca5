// The x87 against the host CPU: every case runs natively (tests/sse's harness) and on the
// emulator from the same x87 state, registers and memory, and the FXSAVE image (control,
// status and tag words, the eight registers), GPRs, memory and any #MF must match. The
// instruction and operand pointers (FOP, FIP, FDP) are not modelled and left out. The
// transcendental instructions, computed through doubles, are not compared.
import { describe, expect, it } from 'vitest';
import type { SseCase } from '../sse/case.ts';
import { mismatches } from '../sse/compare.ts';
import { Rng } from '../sse/gen.ts';
import { X87_FORMS, x87Case } from './x87-cases.ts';

const SEED = Number(process.env.SSE_SEED ?? 20240601);
const PER_FORM = Number(process.env.X87_CASES ?? 60);
const POINTERS = (k: number) => k >= 6 && k < 24;

describe(`x87 against the host CPU (seed ${SEED})`, () => {
  it('matches on every x87 form from random states, precision and rounding controls', () => {
    const r = new Rng(SEED + 3);
    const cases: SseCase[] = [];
    const labels: string[] = [];
    for (const f of X87_FORMS)
      for (let k = 0; k < PER_FORM; k++) {
        cases.push(x87Case(r, f));
        labels.push(f.name);
      }
    expect(mismatches(cases, labels, POINTERS)).toEqual([]);
  });
});
