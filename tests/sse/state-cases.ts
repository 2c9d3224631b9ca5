// Cases for the state instructions: FXSAVE/FXRSTOR, LDMXCSR/STMXCSR and the x87 control
// instructions, run in short random sequences from random (sometimes exception-pending) states.
import { DATA_BASE } from './case.ts';
import type { SseCase } from './case.ts';
import { RBX, randomCase } from './gen.ts';
import type { Rng } from './gen.ts';

/** [rbx + disp8]: ModRM with mod = 01, base rbx, and ModRM.reg = ext. */
function mem(ext: number, disp: number): number[] {
  return [0x40 | (ext << 3) | 3, disp & 0xff];
}

/** A disp8 that is 16-byte aligned most of the time. */
function disp16(r: Rng): number {
  return r.chance(0.8) ? 16 * (r.int(8) - 4) : r.int(160) - 80;
}

/** mov dword [rbx + disp + 28], 0xffff: the host's FXSAVE stores MXCSR_MASK 0x2ffff (AMD's
 * misaligned-SSE bit), pagescope 0xffff; the case overwrites the field so the rest compares. */
function fixMask(disp: number): number[] {
  return [0xc7, 0x43, (disp + 28) & 0xff, 0xff, 0xff, 0, 0];
}

/** FXSAVE (REX.W or not) of the random starting state. */
export function fxsaveCase(r: Rng): SseCase {
  const disp = disp16(r);
  const rex = r.chance(0.5) ? [0x48] : [];
  return randomCase(r, Uint8Array.from([...rex, 0x0f, 0xae, ...mem(0, disp), ...fixMask(disp)]));
}

/** FXRSTOR of a random image with random reserved fields, unnormalized FCW/FSW and sometimes
 * reserved MXCSR bits (never bit 17 alone, which the host accepts and pagescope does not). */
export function fxrstorCase(r: Rng): SseCase {
  const disp = disp16(r);
  const rex = r.chance(0.5) ? [0x48] : [];
  const k = randomCase(r, Uint8Array.from([...rex, 0x0f, 0xae, ...mem(1, disp)]));
  const at = RBX - DATA_BASE + disp;
  const v = new DataView(k.data.buffer);
  v.setUint16(at, r.u32() & 0xffff, true);
  v.setUint16(at + 2, r.chance(0.5) ? 0 : r.u32() & 0xffff, true);
  // FOP, FIP, FDP: neither side keeps them (the host stores them back only with ES set).
  k.data.fill(0, at + 6, at + 24);
  let mxcsr = r.chance(0.8) ? r.u32() & 0xffff : r.u32() & ~(1 << 17);
  if (r.chance(0.5)) mxcsr &= ~0x3f;
  v.setUint32(at + 24, mxcsr, true);
  return k;
}

export function mxcsrCase(r: Rng): SseCase {
  const disp = r.int(200) - 100;
  const load = r.chance(0.6);
  const k = randomCase(r, Uint8Array.from([0x0f, 0xae, ...mem(load ? 2 : 3, disp)]));
  if (load) {
    const v = r.chance(0.8) ? r.u32() & 0xffff : r.u32() & ~(1 << 17);
    new DataView(k.data.buffer).setUint32(RBX - DATA_BASE + disp, v, true);
  }
  return k;
}

/** x87 control snippets; some are #UD (DB E5-E7, DF E1-E7) or raise #MF on a pending exception. */
function x87Snippet(r: Rng): number[] {
  const disp = r.int(200) - 100;
  switch (r.int(9)) {
    case 0:
      return [0xdb, 0xe0 + r.int(8)];
    case 1:
      return [0xdb, r.pick([0xe2, 0xe3])];
    case 2:
      return [0xd9, ...mem(7, disp)]; // fnstcw
    case 3:
    case 4:
      return [0xd9, ...mem(5, disp)]; // fldcw
    case 5:
      return [0xdd, ...mem(7, disp)]; // fnstsw m16
    case 6:
      return [0xdf, r.chance(0.7) ? 0xe0 : 0xe0 + r.int(8)];
    default:
      return [0x9b]; // fwait
  }
}

export function x87Case(r: Rng): SseCase {
  const code: number[] = [];
  const n = 1 + r.int(4);
  for (let k = 0; k < n; k++) code.push(...x87Snippet(r));
  return randomCase(r, Uint8Array.from(code));
}
