// MOVS STOS LODS CMPS SCAS in every width, bare and with REP/REPE/REPNE, DF clear and set,
// RSI/RDI/RCX inside the data window (or, with a 67 prefix, their low halves), overlapping
// copies, and a few REP runs that walk off the window and fault part-way.
import type { DiffCase } from '../case.ts';
import { DATA_BASE, DATA_SIZE, DF } from '../case.ts';
import { reg } from '../encode/operands.ts';
import type { Rng } from '../prng.ts';
import { mask, operandValue, WIDTHS } from '../values.ts';
import type { Width } from '../values.ts';
import { CaseBuilder } from './builder.ts';

const RAX = 0;
const RCX = 1;
const RSI = 6;
const RDI = 7;
const REP = 0xf3;
const REPNE = 0xf2;
const SUFFIX: Record<Width, string> = { 8: 'b', 16: 'w', 32: 'd', 64: 'q' };

const OPS = [
  { mn: 'movs', opcode: 0xa4, compares: false },
  { mn: 'stos', opcode: 0xaa, compares: false },
  { mn: 'lods', opcode: 0xac, compares: false },
  { mn: 'cmps', opcode: 0xa6, compares: true },
  { mn: 'scas', opcode: 0xae, compares: true },
] as const;

function randomBytes(rng: Rng, n: number): bigint {
  let v = 0n;
  for (let i = 0; i < n; i += 8) v |= rng.next64() << BigInt(8 * i);
  return v & mask(8 * n);
}

export function genString(rng: Rng): DiffCase {
  const op = rng.pick(OPS);
  const width = rng.pick(WIDTHS);
  const size = width / 8;
  const b = new CaseBuilder(rng, 'string');
  const down = rng.chance(0.5);
  b.setFlag(DF, down);
  const addr32 = rng.chance(0.15);
  const prefix = rng.int(3) === 0 ? [] : op.compares && rng.chance(0.5) ? [REPNE] : [REP];
  const runsOff = prefix.length > 0 && !op.compares && rng.chance(0.04);
  const count = runsOff ? 0x1000 + rng.int(0x1000) : rng.chance(0.1) ? 0 : 1 + rng.int(20);
  const span = 20 * size + 16;

  // Offsets far enough from both window edges for any count and direction, or, for the
  // faulting runs, close to the edge the direction walks towards.
  const place = (): number =>
    runsOff
      ? down
        ? rng.int(64)
        : DATA_SIZE - 1 - rng.int(64)
      : span + rng.int(DATA_SIZE - 2 * span);
  const src = place();
  const dst = op.mn === 'movs' && rng.chance(0.3) ? src + rng.int(2 * size + 1) - size : place();
  const regValue = (offset: number): bigint => {
    const address = BigInt(DATA_BASE + offset);
    // With 32-bit addressing only the low halves count, so the high halves stay random.
    return addr32 ? (rng.next64() & ~mask(32)) | address : address;
  };
  b.setFull(RSI, regValue(src));
  b.setFull(RDI, regValue(dst));
  b.setFull(RCX, addr32 ? (rng.next64() & ~mask(32)) | BigInt(count) : BigInt(count));
  const acc = operandValue(rng, width);
  b.set(reg(RAX, width), acc);

  if (op.compares && count > 0) planCompare(b, op.mn === 'scas', src, dst, count, size, down, acc);

  const text = `${op.mn}${SUFFIX[width]}`;
  b.emit(text, [], {
    prefixes: [...prefix, ...(addr32 ? [0x67] : []), ...(rng.chance(0.05) ? [0x3e] : [])],
    opsize: width,
    opcode: [op.opcode + (width === 8 ? 0 : 1)],
  });
  return b.build();
}

/** Lay out the compared elements so REPE runs a while before a difference (or to the end) and
 *  REPNE finds a match part-way, instead of stopping at the first element every time. */
function planCompare(
  b: CaseBuilder,
  scan: boolean,
  src: number,
  dst: number,
  count: number,
  size: number,
  down: boolean,
  acc: bigint,
): void {
  const rng = b.rng;
  const stopAt = rng.chance(0.3) ? count : rng.int(count);
  const element = (base: number, i: number): number => (down ? base - i * size : base + i * size);
  const equalRun = rng.chance(0.5);
  for (let i = 0; i < count; i++) {
    const same = equalRun ? i !== stopAt : i === stopAt;
    const value = scan ? acc & mask(8 * size) : randomBytes(rng, size);
    if (!scan) b.patch(element(src, i), value, size);
    b.patch(element(dst, i), same ? value : value ^ (1n << BigInt(rng.int(8 * size))), size);
  }
}
