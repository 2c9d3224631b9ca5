// LEA with every addressing form: base, base+disp8/disp32, SIB with every scale, no base,
// RIP-relative, RBP/R13 and RSP/R12 bases (which need a displacement or a SIB byte), the same
// register as base and index, 32-bit addresses (67), and 16/32/64-bit destinations.
import type { DiffCase } from '../case.ts';
import type { Mem } from '../encode/operands.ts';
import type { Rng } from '../prng.ts';
import { CaseBuilder, RSP } from './builder.ts';
import { valueReg } from './operand.ts';

function leaDisp(rng: Rng): number {
  switch (rng.int(4)) {
    case 0:
      return 0;
    case 1:
      return rng.int(256) - 128;
    case 2:
      return rng.pick([0x7fffffff, -0x80000000, 0x80, -0x81, -1]);
    default:
      return rng.int(0x1_0000_0000) - 0x8000_0000;
  }
}

export function genLea(rng: Rng): DiffCase {
  const width = rng.pick([16, 32, 64] as const);
  const b = new CaseBuilder(rng, 'lea');
  // Every register already holds a random value; the address registers keep theirs.
  const dst = valueReg(b, width, 0n);
  const form = rng.int(8);
  const base = form === 6 || form === 7 ? null : rng.int(16);
  const index =
    form >= 3 && form !== 7 ? rng.pick([...Array(16).keys()].filter((n) => n !== RSP)) : null;
  const m: Mem = {
    kind: 'mem',
    width,
    base,
    index,
    scale: rng.pick([1, 2, 4, 8] as const),
    disp: leaDisp(rng),
    rip: form === 7,
    addr32: rng.chance(0.2),
  };
  if (form === 1) m.dispSize = rng.pick([8, 32] as const);
  if (form === 2) m.forceSib = true;
  if (m.dispSize === 8) m.disp = rng.int(256) - 128;
  for (const r of [base, index]) if (r !== null) b.involve(r);
  b.emit('lea', [dst, m], { opsize: width, opcode: [0x8d], reg: dst, rm: m });
  return b.build();
}
