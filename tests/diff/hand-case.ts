// A case written by hand: named registers, everything else zero. For known-answer tests and
// for the undefined-flag measurements.
import { GPR_NAMES } from './case.ts';
import type { DiffCase, Patch } from './case.ts';

export interface HandCase {
  code: readonly number[];
  regs?: Partial<Record<(typeof GPR_NAMES)[number], bigint>>;
  rflags?: bigint;
  patches?: Patch[];
}

export function handCase(h: HandCase, family = 'hand'): DiffCase {
  const gpr = GPR_NAMES.map((name) => BigInt.asUintN(64, h.regs?.[name] ?? 0n));
  return {
    family,
    text: Buffer.from(h.code).toString('hex'),
    code: Uint8Array.from(h.code),
    gpr,
    rflags: h.rflags ?? 0n,
    fillSeed: 1,
    patches: h.patches ?? [],
    involved: Object.keys(h.regs ?? {}).map((n) =>
      GPR_NAMES.indexOf(n as (typeof GPR_NAMES)[number]),
    ),
  };
}
