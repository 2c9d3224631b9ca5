// Every family with its share of a run. Each family draws from its own stream, derived from the
// run's seed and the family's name, so changing one generator leaves the others' cases as they
// were.
import type { DiffCase } from '../case.ts';
import { Rng } from '../prng.ts';
import { genAlu } from './alu.ts';
import { genBitScan } from './bit-scan.ts';
import { genBitTest } from './bit-test.ts';
import { genBswap } from './bswap.ts';
import { genCondition } from './condition.ts';
import { genConvert } from './convert.ts';
import { genDoubleShift } from './double-shift.ts';
import { genEncoding } from './encoding.ts';
import { genExchange } from './exchange.ts';
import { genExtend } from './extend.ts';
import { genFlagOps } from './flag-ops.ts';
import { genLea } from './lea.ts';
import { genMulDiv } from './muldiv.ts';
import { genShift } from './shift.ts';
import { genString } from './string.ts';
import { genUnary } from './unary.ts';

export interface Family {
  name: string;
  count: number;
  generate: (rng: Rng) => DiffCase;
}

export const FAMILIES: readonly Family[] = [
  { name: 'alu', count: 9000, generate: genAlu },
  { name: 'unary', count: 3000, generate: genUnary },
  { name: 'muldiv', count: 6000, generate: genMulDiv },
  { name: 'shift', count: 8000, generate: genShift },
  { name: 'shld-shrd', count: 3000, generate: genDoubleShift },
  { name: 'bit-test', count: 4000, generate: genBitTest },
  { name: 'bit-scan', count: 3000, generate: genBitScan },
  { name: 'bswap', count: 600, generate: genBswap },
  { name: 'exchange', count: 4000, generate: genExchange },
  { name: 'convert', count: 600, generate: genConvert },
  { name: 'extend', count: 2000, generate: genExtend },
  { name: 'lea', count: 2500, generate: genLea },
  { name: 'condition', count: 3000, generate: genCondition },
  { name: 'flags', count: 1500, generate: genFlagOps },
  { name: 'string', count: 5000, generate: genString },
  { name: 'encoding', count: 1500, generate: genEncoding },
];

/** FNV-1a, to turn a family name into a stream offset. */
function nameHash(name: string): bigint {
  let h = 0xcbf29ce484222325n;
  for (const ch of name) h = ((h ^ BigInt(ch.charCodeAt(0))) * 0x100000001b3n) & ((1n << 64n) - 1n);
  return h;
}

export function familyRng(seed: bigint, family: string): Rng {
  return new Rng(seed ^ nameHash(family));
}

export function generateCases(seed: bigint, families = FAMILIES): DiffCase[] {
  const cases: DiffCase[] = [];
  for (const f of families) {
    const rng = familyRng(seed, f.name);
    for (let i = 0; i < f.count; i++) cases.push(f.generate(rng));
  }
  return cases;
}
