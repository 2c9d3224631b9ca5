// SSE, MXCSR, FXSAVE/FXRSTOR and x87 control instructions against the host CPU: every case
// runs natively (tests/sse/native/harness.c) and on the emulator from the same registers,
// FXSAVE image and memory, and everything afterwards must match: fault vector and error code,
// RIP, GPRs, the FXSAVE image (but MXCSR_MASK) and the data window. SSE_SEED picks the cases.
import { describe, expect, it } from 'vitest';
import type { SseCase, SseOutcome } from './case.ts';
import { runEmulated } from './emulate.ts';
import { FORMS, UNDEFINED } from './forms.ts';
import { encode, randomCase, Rng } from './gen.ts';
import { runNative } from './native.ts';
import { fxrstorCase, fxsaveCase, mxcsrCase, x87Case } from './state-cases.ts';

const SEED = Number(process.env.SSE_SEED ?? 20240601);
const PER_FORM = 24;
const FX_MASK_AT = 28;

function hex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join(' ');
}

function firstDifference(a: Uint8Array, b: Uint8Array, skip: (k: number) => boolean): number {
  for (let k = 0; k < a.length; k++) if (!skip(k) && a[k] !== b[k]) return k;
  return -1;
}

function differences(emu: SseOutcome, host: SseOutcome): string[] {
  const out: string[] = [];
  if (emu.vector !== host.vector || emu.errorCode !== host.errorCode)
    out.push(`fault ${emu.vector}/${emu.errorCode} vs host ${host.vector}/${host.errorCode}`);
  if (emu.rip !== host.rip) out.push(`rip ${emu.rip.toString(16)} vs ${host.rip.toString(16)}`);
  for (let n = 0; n < 16; n++)
    if (emu.gpr[n] !== host.gpr[n])
      out.push(`gpr ${n} ${emu.gpr[n]!.toString(16)} vs ${host.gpr[n]!.toString(16)}`);
  const fx = firstDifference(emu.fx, host.fx, (k) => k >= FX_MASK_AT && k < FX_MASK_AT + 4);
  if (fx >= 0) {
    const at = fx & ~15;
    out.push(
      `fx[${fx}]: ${hex(emu.fx.subarray(at, at + 16))} vs ${hex(host.fx.subarray(at, at + 16))}`,
    );
  }
  const d = firstDifference(emu.data, host.data, () => false);
  if (d >= 0) out.push(`data[0x${d.toString(16)}] ${emu.data[d]} vs ${host.data[d]}`);
  return out;
}

/** Runs the cases both ways; returns the first few mismatches, described. */
function mismatches(cases: SseCase[], labels: string[]): string[] {
  const host = runNative(cases);
  const failures: string[] = [];
  cases.forEach((k, n) => {
    const diff = differences(runEmulated(k), host[n]!);
    if (diff.length > 0) failures.push(`${labels[n]} [${hex(k.code)}]: ${diff.join('; ')}`);
  });
  return failures.slice(0, 12);
}

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
