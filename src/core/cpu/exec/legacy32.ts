import type { Cpu } from '../cpu.ts';
import type { Insn } from '../decode/insn.ts';
import { probeWrite, write16, write32 } from '../../mmu/access.ts';
import { RSP, SS } from '../registers.ts';
import { adjustSp, peek } from './stack.ts';
import { setReg } from './operands.ts';

/**
 * Integer instructions that exist only outside 64-bit mode (their opcodes mean something else,
 * or nothing, there): pusha and popa.
 */

/** What popa read, held until every read has succeeded. */
const popped = new Int32Array(8);

/** The linear address of the stack slot `below` bytes under SP, wrapped as SS.B says. */
function slotBelow(c: Cpu, sp: number, below: number): number {
  const big = (c.segAttr[SS] & (1 << 22)) !== 0;
  const off = big ? (sp - below) | 0 : (sp - below) & 0xffff;
  return (off + c.segBaseLo[SS]) | 0;
}

/**
 * 60: pusha/pushad: pushes rAX, rCX, rDX, rBX, the original rSP, rBP, rSI, rDI. Every slot is
 * probed before the first store, so a fault leaves memory and SP as they were.
 */
export function pusha(c: Cpu, i: Insn): void {
  const size = i.osize;
  const g = c.gpr;
  const sp = g[RSP << 1];
  c.seg = SS;
  for (let n = 1; n <= 8; n++) probeWrite(c, slotBelow(c, sp, n * size), 0, size);
  for (let n = 0; n < 8; n++) {
    const lin = slotBelow(c, sp, (n + 1) * size);
    if (size === 4) write32(c, lin, 0, g[n << 1]);
    else write16(c, lin, 0, g[n << 1]);
  }
  adjustSp(c, -8 * size);
}

/** 61: popa/popad: the reverse of pusha, except that the saved rSP is skipped. */
export function popa(c: Cpu, i: Insn): void {
  const size = i.osize;
  for (let n = 0; n < 8; n++) if (n !== RSP) popped[n] = peek(c, size, (7 - n) * size);
  const g = c.gpr;
  for (let n = 0; n < 8; n++) if (n !== RSP) setReg(g, n, size, popped[n]);
  adjustSp(c, 8 * size);
}
