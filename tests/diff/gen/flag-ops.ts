// LAHF SAHF, PUSHF/POPF (16- and 64-bit) with the stack inside the data window, and CLC STC CMC
// CLD STD. POPF only ever loads the arithmetic flags and DF plus the bits user mode always has
// (bit 1, IF): other bits would change how the host runs or be ignored at CPL 3.
import type { DiffCase } from '../case.ts';
import { CASE_FLAGS, DATA_BASE, DATA_SIZE, FIXED_FLAGS } from '../case.ts';
import type { Rng } from '../prng.ts';
import { CaseBuilder, RSP } from './builder.ts';

const SIMPLE = [
  { mn: 'clc', op: 0xf8 },
  { mn: 'stc', op: 0xf9 },
  { mn: 'cmc', op: 0xf5 },
  { mn: 'cld', op: 0xfc },
  { mn: 'std', op: 0xfd },
  { mn: 'lahf', op: 0x9f },
  { mn: 'sahf', op: 0x9e },
];

export function genFlagOps(rng: Rng): DiffCase {
  const b = new CaseBuilder(rng, 'flags');
  if (rng.chance(0.6)) {
    // AH is random already, which is what SAHF loads.
    const form = rng.pick(SIMPLE);
    b.emitBytes([form.op], form.mn);
    return b.build();
  }
  const wide = rng.chance(0.8);
  const size = wide ? 8 : 2;
  const offset = 0x100 + rng.int(DATA_SIZE - 0x200);
  b.setFull(RSP, BigInt(DATA_BASE + offset));
  const prefix = wide ? [] : [0x66];
  if (rng.chance(0.5)) {
    b.emitBytes([...prefix, 0x9c], wide ? 'pushfq' : 'pushf');
  } else {
    b.patch(offset, (rng.next64() & CASE_FLAGS) | FIXED_FLAGS, size);
    b.emitBytes([...prefix, 0x9d], wide ? 'popfq' : 'popf');
  }
  return b.build();
}
