// SSE, MXCSR, FXSAVE/FXRSTOR and x87 control instructions against the host CPU: every case
// runs natively (tests/sse/native/harness.c) and on the emulator from the same registers,
// FXSAVE image and memory, and everything afterwards must match: fault vector and error code,
// RIP, GPRs, the FXSAVE image (but MXCSR_MASK) and the data window. SSE_SEED picks the cases.
import { describe, expect, it } from 'vitest';
import type { SseCase } from './case.ts';
import { mismatches } from './compare.ts';
import { FORMS, UNDEFINED } from './forms.ts';
import { encode, randomCase, Rng } from './gen.ts';
import { fxrstorCase, fxsaveCase, mxcsrCase, x87Case } from './state-cases.ts';

const SEED = Number(process.env.SSE_SEED ?? 20240601);
const PER_FORM = 24;
describe(`SSE and x87 control against the host CPU (seed ${SEED})`, () => {
  it('matches on register and memory forms of every SSE instruction', () => {
    const r = new Rng(SEED);
    const cases: SseCase[] = [];
    const labels: string[] = [];
    for (const f of [...FORMS, ...UNDEFINED])
      for (let k = 0; k < PER_FORM; k++) {
        cases.push(randomCase(r, encode(r, f)));
        labels.push(f.name);
      }
    expect(mismatches(cases, labels)).toEqual([]);
  });

  it('matches on FXSAVE, FXRSTOR, LDMXCSR/STMXCSR and x87 control sequences', () => {
    const r = new Rng(SEED + 1);
    const cases: SseCase[] = [];
    const labels: string[] = [];
    const kinds = [
      ['fxsave', fxsaveCase],
      ['fxrstor', fxrstorCase],
      ['mxcsr', mxcsrCase],
      ['x87', x87Case],
    ] as const;
    for (const [name, make] of kinds)
      for (let k = 0; k < 150; k++) {
        cases.push(make(r));
        labels.push(name);
      }
    expect(mismatches(cases, labels)).toEqual([]);
  });
});
