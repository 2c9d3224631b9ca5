// ModRM, SIB and displacement bytes for a register or memory operand (64-bit mode rules, which
// a 67 prefix does not change: it only narrows the address computation).
import type { Mem, Reg } from './operands.ts';
import { regCode } from './operands.ts';

export interface ModRmBytes {
  bytes: number[];
  rexX: boolean;
  rexB: boolean;
}

const NO_INDEX = 4;
const SIB_NO_BASE = 5;

function le32(v: number): number[] {
  return [v & 0xff, (v >>> 8) & 0xff, (v >>> 16) & 0xff, (v >>> 24) & 0xff];
}

function fitsInt8(v: number): boolean {
  return v >= -128 && v <= 127;
}

export function encodeModRm(regField: number, rm: Reg | Mem): ModRmBytes {
  const reg = (regField & 7) << 3;
  if (rm.kind === 'reg') {
    const code = regCode(rm);
    return { bytes: [0xc0 | reg | (code & 7)], rexX: false, rexB: code >= 8 };
  }
  if (rm.disp < -0x80000000 || rm.disp > 0x7fffffff) throw new Error('disp is not 32-bit');
  if (rm.index === 4) throw new Error('RSP cannot be an index register');
  const index = rm.index ?? NO_INDEX;
  const scaleBits = { 1: 0, 2: 1, 4: 2, 8: 3 }[rm.scale] << 6;
  const rexX = rm.index !== null && rm.index >= 8;

  if (rm.rip) {
    if (rm.base !== null || rm.index !== null) throw new Error('RIP-relative takes no registers');
    return { bytes: [reg | 5, ...le32(rm.disp)], rexX: false, rexB: false };
  }
  if (rm.base === null) {
    // mod 00 with SIB base 101: [index*scale + disp32], or an absolute disp32 when no index.
    const sib = scaleBits | ((index & 7) << 3) | SIB_NO_BASE;
    return { bytes: [reg | 4, sib, ...le32(rm.disp)], rexX, rexB: false };
  }

  // Base 101 with mod 00 means "no base", so RBP and R13 always carry a displacement.
  const baseNeedsDisp = (rm.base & 7) === 5;
  let mod: number;
  let disp: number[];
  if (rm.dispSize === 32 || !fitsInt8(rm.disp)) {
    mod = 0x80;
    disp = le32(rm.disp);
  } else if (rm.dispSize === 8 || rm.disp !== 0 || baseNeedsDisp) {
    mod = 0x40;
    disp = [rm.disp & 0xff];
  } else {
    mod = 0x00;
    disp = [];
  }
  const rexB = rm.base >= 8;
  // Base 100 (RSP, R12) means "a SIB byte follows", so those bases always need one.
  if (rm.index !== null || (rm.base & 7) === 4 || rm.forceSib) {
    const sib = scaleBits | ((index & 7) << 3) | (rm.base & 7);
    return { bytes: [mod | reg | 4, sib, ...disp], rexX, rexB };
  }
  return { bytes: [mod | reg | (rm.base & 7), ...disp], rexX, rexB };
}
