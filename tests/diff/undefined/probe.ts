// One native run of an instruction with inputs the rules can see, and the rules themselves:
// named guesses at what the host computes for a flag (or a result) the manuals leave undefined.
import { AF, CF, OF, PF, SF, ZF } from '../case.ts';
import type { DiffCase, Outcome } from '../case.ts';
import { mask } from '../values.ts';
import type { Width } from '../values.ts';

export const FLAG_BITS: Record<string, bigint> = { CF, PF, AF, ZF, SF, OF };

export interface Probe {
  c: DiffCase;
  width: Width;
  /** Destination (or dividend low half, multiplicand) before the instruction. */
  dst: bigint;
  /** Second operand. */
  src: bigint;
  count: number;
  flagsIn: bigint;
  /** The value the instruction wrote (the destination, the product's low half ...). */
  result: (o: Outcome) => bigint;
  /** The second value it wrote, where there is one (a product's high half, a remainder). */
  result2?: (o: Outcome) => bigint;
}

/** A guess: predicts a flag as a boolean, or a result as a number. */
export interface Rule {
  name: string;
  predict: (p: Probe, o: Outcome) => boolean | bigint;
}

export function msb(v: bigint, width: number): boolean {
  return ((v >> BigInt(width - 1)) & 1n) === 1n;
}

export function bit(v: bigint, n: number): boolean {
  return n >= 0 && ((v >> BigInt(n)) & 1n) === 1n;
}

export function evenParity(v: bigint): boolean {
  let ones = 0;
  for (let b = v & 0xffn; b; b >>= 1n) ones += Number(b & 1n);
  return ones % 2 === 0;
}

export function flagOut(o: Outcome, flag: string): boolean {
  return (o.rflags & FLAG_BITS[flag]!) !== 0n;
}

export function flagIn(p: Probe, flag: string): boolean {
  return (p.flagsIn & FLAG_BITS[flag]!) !== 0n;
}

export const ZERO: Rule = { name: 'always 0', predict: () => false };
export const ONE: Rule = { name: 'always 1', predict: () => true };

export function unchanged(flag: string): Rule {
  return { name: 'unchanged', predict: (p) => flagIn(p, flag) };
}

/** SF, ZF, PF (and AF as bit 4) computed from a value the instruction produced. */
export function fromValue(
  flag: string,
  what: string,
  value: (p: Probe, o: Outcome) => bigint,
): Rule {
  return {
    name: `from ${what}`,
    predict: (p, o) => {
      const v = value(p, o) & mask(p.width);
      if (flag === 'SF') return msb(v, p.width);
      if (flag === 'ZF') return v === 0n;
      if (flag === 'PF') return evenParity(v);
      if (flag === 'AF') return bit(v, 4);
      throw new Error(`no value rule for ${flag}`);
    },
  };
}

/** The usual candidates for a flag: constants, unchanged, and (for SF ZF PF AF) the result. */
export function basicRules(flag: string): Rule[] {
  const rules = [ZERO, ONE, unchanged(flag)];
  if (['SF', 'ZF', 'PF', 'AF'].includes(flag)) {
    rules.push(fromValue(flag, 'the result', (p, o) => p.result(o)));
  }
  return rules;
}
