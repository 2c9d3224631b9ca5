import type { Cpu } from '../cpu.ts';
import type { Insn } from '../decode/insn.ts';
import { RBP, RSP, SS } from '../registers.ts';
import {
  addLinear,
  probeWrite,
  read16,
  read32,
  read64,
  write16,
  write32,
  write64,
} from '../../mmu/access.ts';
import { setReg } from './operands.ts';

/**
 * enter and leave. Stack offsets (RSP, RBP and the frame pointers between them) move at the
 * stack width: 64 bits in 64-bit mode, else 32 or 16 as SS.B says. Values pushed and
 * popped, and the RBP written, have the operand size: `66 enter` in 64-bit mode merges BP
 * into RBP (as the host CPU does). Registers change only once every access has succeeded.
 */

const SS_B = 1 << 22;

function stackWidth(c: Cpu): number {
  if (c.mode === 64) return 8;
  return (c.segAttr[SS] & SS_B) !== 0 ? 4 : 2;
}

/** A stack offset moved by `delta` at the stack width: lo returned, hi in c.tmp[1]. */
function offsetAdd(c: Cpu, lo: number, hi: number, delta: number, width: number): number {
  if (width === 8) return addLinear(c, lo, hi, delta);
  c.tmp[1] = 0;
  return width === 4 ? (lo + delta) | 0 : (lo + delta) & 0xffff;
}

/** The linear address of a stack offset (SS's base applies outside 64-bit mode). */
function stackLinear(c: Cpu, lo: number, hi: number): number {
  c.seg = SS;
  if (c.mode === 64) {
    c.tmp[1] = hi;
    return lo;
  }
  c.tmp[1] = 0;
  return (lo + c.segBaseLo[SS]) | 0;
}

/** Reads 2, 4 or 8 bytes at a stack offset; 8 leaves the high dword in c.tmp[0]. */
function load(c: Cpu, lo: number, hi: number, size: number): number {
  const a = stackLinear(c, lo, hi);
  const aHi = c.tmp[1];
  if (size === 8) return read64(c, a, aHi);
  return size === 4 ? read32(c, a, aHi) : read16(c, a, aHi);
}

function store(c: Cpu, lo: number, hi: number, size: number, vLo: number, vHi: number): void {
  const a = stackLinear(c, lo, hi);
  const aHi = c.tmp[1];
  if (size === 8) write64(c, a, aHi, vLo, vHi);
  else if (size === 4) write32(c, a, aHi, vLo);
  else write16(c, a, aHi, vLo);
}

/** Writes RSP at the stack width: all 64 bits, the low dword (as push does), or SP. */
function setStackPointer(g: Int32Array, width: number, lo: number, hi: number): void {
  const k = RSP << 1;
  if (width === 8) {
    g[k] = lo;
    g[k + 1] = hi;
  } else if (width === 4) g[k] = lo;
  else g[k] = (g[k] & ~0xffff) | (lo & 0xffff);
}

/** Writes RBP at the operand size, as any register write: BP merges, EBP zero-extends. */
function setFramePointer(g: Int32Array, size: number, lo: number, hi: number): void {
  if (size === 8) {
    g[RBP << 1] = lo;
    g[(RBP << 1) + 1] = hi;
  } else setReg(g, RBP, size, lo);
}

/**
 * C8 iw ib: enter alloc, level. Pushes RBP, copies level-1 frame pointers from the old
 * frame, pushes the new frame pointer (level > 0), then reserves `alloc` bytes. As the SDM
 * says, it faults if a write at the final stack pointer would, before changing registers.
 */
export function enter(c: Cpu, i: Insn): void {
  const g = c.gpr;
  const size = i.osize;
  const width = stackWidth(c);
  const level = i.imm2 & 31;
  let sp = offsetAdd(c, g[RSP << 1], g[(RSP << 1) + 1], -size, width);
  let spHi = c.tmp[1];
  store(c, sp, spHi, size, g[RBP << 1], g[(RBP << 1) + 1]);
  const frameLo = sp;
  const frameHi = spHi;
  if (level > 0) {
    let bp = width === 2 ? g[RBP << 1] & 0xffff : g[RBP << 1];
    let bpHi = width === 8 ? g[(RBP << 1) + 1] : 0;
    for (let n = 1; n < level; n++) {
      bp = offsetAdd(c, bp, bpHi, -size, width);
      bpHi = c.tmp[1];
      const v = load(c, bp, bpHi, size);
      const vHi = c.tmp[0];
      sp = offsetAdd(c, sp, spHi, -size, width);
      spHi = c.tmp[1];
      store(c, sp, spHi, size, v, vHi);
    }
    sp = offsetAdd(c, sp, spHi, -size, width);
    spHi = c.tmp[1];
    store(c, sp, spHi, size, frameLo, frameHi);
  }
  sp = offsetAdd(c, sp, spHi, -i.imm, width);
  spHi = c.tmp[1];
  const a = stackLinear(c, sp, spHi);
  probeWrite(c, a, c.tmp[1], size);
  setFramePointer(g, size, frameLo, frameHi);
  setStackPointer(g, width, sp, spHi);
}

/** C9: leave: RSP = RBP at the stack width, then pop RBP at the operand size. */
export function leave(c: Cpu, i: Insn): void {
  const g = c.gpr;
  const size = i.osize;
  const width = stackWidth(c);
  const bp = width === 2 ? g[RBP << 1] & 0xffff : g[RBP << 1];
  const bpHi = width === 8 ? g[(RBP << 1) + 1] : 0;
  const v = load(c, bp, bpHi, size);
  const vHi = c.tmp[0];
  const sp = offsetAdd(c, bp, bpHi, size, width);
  setStackPointer(g, width, sp, c.tmp[1]);
  setFramePointer(g, size, v, vHi);
}
