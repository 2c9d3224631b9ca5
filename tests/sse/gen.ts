// Random SSE/x87 cases: register and memory forms of each instruction on XMM values chosen to
// hit lane edges (equal lanes, sign bits, saturation bounds), from a seed so a failure replays.
import { DATA_BASE, DATA_SIZE, FX_SIZE } from './case.ts';
import type { SseCase } from './case.ts';

export class Rng {
  private s: number;
  constructor(seed: number) {
    this.s = seed >>> 0 || 0x9e3779b9;
  }
  /** xorshift32. */
  u32(): number {
    let x = this.s;
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    this.s = x >>> 0;
    return this.s;
  }
  int(n: number): number {
    return this.u32() % n;
  }
  chance(p: number): boolean {
    return this.u32() / 0x1_0000_0000 < p;
  }
  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)]!;
  }
}

/** Where rbx points: memory operands are [rbx + disp8], so they reach both sides of the page
 * boundary inside the data window. */
export const RBX = DATA_BASE + 0x1000 - 0x40;
const EDGE_BYTES = [0x00, 0x01, 0x7f, 0x80, 0x81, 0xff, 0xfe];

/** A dword biased towards lane edges. */
function edgeDword(r: Rng): number {
  switch (r.int(4)) {
    case 0:
      return r.u32() | 0;
    case 1: {
      let v = 0;
      for (let b = 0; b < 4; b++) v |= r.pick(EDGE_BYTES) << (8 * b);
      return v;
    }
    case 2:
      return r.pick([0, -1, 0x7fffffff, -0x80000000, 0x7fff8000, 0x00ff00ff, 1, 0x40]);
    default:
      // A small count-like value: exercises the shift forms' count operand.
      return r.int(80);
  }
}

/** A valid starting FXSAVE64 image: FCW/FSW as FXRSTOR leaves them, so loading it directly or
 * through FXRSTOR gives the same state; FOP/FIP/FDP zero (neither side models them). */
export function randomImage(r: Rng): Uint8Array {
  const fx = new Uint8Array(FX_SIZE);
  const v = new DataView(fx.buffer);
  const fcw = r.chance(0.5) ? 0x037f : (r.u32() & 0x1f3f) | 0x40;
  const flags = r.chance(0.7) ? 0 : r.u32() & 0x7f;
  const pending = (flags & ~fcw & 0x3f) !== 0;
  const fsw = ((r.u32() & 0x7f00) | flags | (pending ? 0x8080 : 0)) & 0xffff;
  v.setUint16(0, fcw, true);
  v.setUint16(2, fsw, true);
  fx[4] = r.chance(0.5) ? 0 : r.int(256);
  v.setUint32(24, r.chance(0.5) ? 0x1f80 : r.u32() & 0xffff, true);
  for (let n = 0; n < 8; n++) for (let b = 0; b < 10; b++) fx[32 + 16 * n + b] = r.int(256);
  const xmm = new Int32Array(64);
  for (let k = 0; k < 64; k++) {
    // Now and then a copy of another register's dword, so compares find equal lanes.
    xmm[k] = k > 4 && r.chance(0.2) ? xmm[r.int(k)]! : edgeDword(r);
    v.setInt32(160 + 4 * k, xmm[k]!, true);
  }
  return fx;
}

export function randomData(r: Rng): Uint8Array {
  const d = new Uint8Array(DATA_SIZE);
  const v = new DataView(d.buffer);
  for (let k = 0; k < DATA_SIZE; k += 4) v.setInt32(k, edgeDword(r), true);
  return d;
}

export function randomGprs(r: Rng): bigint[] {
  const g: bigint[] = [];
  for (let n = 0; n < 16; n++) g.push((BigInt(r.u32()) << 32n) | BigInt(r.u32()));
  g[3] = BigInt(RBX);
  // A stack inside the window, though no case uses it.
  g[4] = BigInt(DATA_BASE + 0x1f00);
  return g;
}

/** An instruction form: prefix (0 for none), 0F opcode, operand kinds. */
export interface Form {
  name: string;
  prefix: number;
  opcode: number;
  /** ModRM.reg for group opcodes. */
  ext?: number;
  /** Which forms exist: register r/m, memory r/m, or both. */
  rm: 'reg' | 'mem' | 'both';
  imm?: boolean;
  rexW?: boolean;
}

/** Encodes one form with random registers (or [rbx + disp8]) and immediate. */
export function encode(r: Rng, f: Form): Uint8Array {
  const bytes: number[] = [];
  if (f.prefix) bytes.push(f.prefix);
  const reg = f.ext ?? r.int(16);
  const mem = f.rm === 'mem' || (f.rm === 'both' && r.chance(0.4));
  const rm = r.int(16);
  const rex = 0x40 | (f.rexW ? 8 : 0) | (reg & 8 ? 4 : 0) | (!mem && rm & 8 ? 1 : 0);
  if (rex !== 0x40 || r.chance(0.2)) bytes.push(rex);
  bytes.push(0x0f, f.opcode);
  if (mem) {
    // Mostly 16-byte aligned (the aligned forms then succeed), sometimes not.
    const disp = r.chance(0.7) ? 16 * (r.int(12) - 6) : r.int(200) - 100;
    bytes.push(0x40 | ((reg & 7) << 3) | 3, disp & 0xff);
  } else bytes.push(0xc0 | ((reg & 7) << 3) | (rm & 7));
  if (f.imm) bytes.push(r.chance(0.3) ? r.pick([0, 8, 15, 16, 31, 32, 63, 64, 0xff]) : r.int(256));
  return Uint8Array.from(bytes);
}

export function randomCase(r: Rng, code: Uint8Array): SseCase {
  return { code, gpr: randomGprs(r), fx: randomImage(r), data: randomData(r) };
}
