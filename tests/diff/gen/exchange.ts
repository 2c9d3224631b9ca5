// XCHG XADD CMPXCHG CMPXCHG8B CMPXCHG16B, register and memory forms, with and without LOCK.
// CMPXCHG compares equal half the time; CMPXCHG16B gets a 16-byte-aligned operand except for a
// few misaligned ones, which must raise #GP.
import type { DiffCase } from '../case.ts';
import { DATA_SIZE } from '../case.ts';
import { reg } from '../encode/operands.ts';
import type { Rng } from '../prng.ts';
import { operandValue, WIDTHS } from '../values.ts';
import { CaseBuilder } from './builder.ts';
import { byteOrWord, regOrMem, valueReg } from './operand.ts';

const RAX = 0;
const RCX = 1;
const RDX = 2;
const RBX = 3;

export function genExchange(rng: Rng): DiffCase {
  const roll = rng.int(10);
  if (roll < 2) return genCmpxchgWide(rng);
  const width = rng.pick(WIDTHS);
  const b = new CaseBuilder(rng, 'exchange', { legacyBytes: width === 8 && rng.chance(0.3) });
  const w = byteOrWord(width);
  const lock = (dst: { kind: string }): number[] =>
    dst.kind === 'mem' && rng.chance(0.3) ? [0xf0] : [];

  if (roll < 4 && width !== 8) {
    // 90+r exchanges with rAX; 90 itself (rAX with rAX) is NOP, even where xchg eax, eax
    // would clear the upper half.
    const acc = reg(RAX, width);
    b.set(acc, operandValue(rng, width));
    const other = valueReg(b, width, operandValue(rng, width), [RAX]);
    b.emit('xchg', [other, acc], { opsize: width, opcode: [0x90], opreg: other });
    return b.build();
  }
  if (roll < 6) {
    const src = valueReg(b, width, operandValue(rng, width));
    const dst = regOrMem(b, width, operandValue(rng, width));
    b.emit('xchg', [dst, src], {
      prefixes: lock(dst),
      opsize: width,
      opcode: [0x86 + w],
      reg: src,
      rm: dst,
    });
    return b.build();
  }
  if (roll < 8) {
    const src = valueReg(b, width, operandValue(rng, width));
    const dst = regOrMem(b, width, operandValue(rng, width));
    b.emit('xadd', [dst, src], {
      prefixes: lock(dst),
      opsize: width,
      opcode: [0x0f, 0xc0 + w],
      reg: src,
      rm: dst,
    });
    return b.build();
  }
  const current = operandValue(rng, width);
  b.set(reg(RAX, width), rng.chance(0.5) ? current : operandValue(rng, width));
  const exclude = rng.chance(0.85) ? [RAX] : [];
  const src = valueReg(b, width, operandValue(rng, width), exclude);
  const dst = regOrMem(b, width, current, exclude);
  b.emit('cmpxchg', [dst, src], {
    prefixes: lock(dst),
    opsize: width,
    opcode: [0x0f, 0xb0 + w],
    reg: src,
    rm: dst,
  });
  return b.build();
}

function genCmpxchgWide(rng: Rng): DiffCase {
  const wide = rng.chance(0.5);
  const b = new CaseBuilder(rng, 'exchange');
  const half = wide ? 64 : 32;
  const lo = operandValue(rng, half);
  const hi = operandValue(rng, half);
  const equal = rng.chance(0.5);
  b.set(reg(RAX, half), equal ? lo : operandValue(rng, half));
  b.set(reg(RDX, half), equal && rng.chance(0.9) ? hi : operandValue(rng, half));
  b.set(reg(RBX, half), operandValue(rng, half));
  b.set(reg(RCX, half), operandValue(rng, half));
  const size = wide ? 16 : 8;
  const misaligned = wide && rng.chance(0.1);
  const slot = 0x40 + rng.int((DATA_SIZE - 0x80) / size) * size;
  const offset = misaligned ? slot + 1 + rng.int(15) : slot;
  const value = (hi << BigInt(half)) | lo;
  const m = b.mem(wide ? 128 : 64, { offset, value, size, exclude: [RAX, RCX, RDX, RBX] });
  const prefixes = rng.chance(0.5) ? [0xf0] : [];
  b.emit(wide ? 'cmpxchg16b' : 'cmpxchg8b', [m], {
    prefixes,
    opsize: wide ? 64 : 32,
    opcode: [0x0f, 0xc7],
    reg: 1,
    rm: m,
  });
  return b.build();
}
