import type { Cpu } from '../cpu.ts';
import type { Insn } from '../decode/insn.ts';
import { addLinear } from '../../mmu/access.ts';
import { testCondition } from '../lazy-flags.ts';
import { adjustSp, peek, push } from './stack.ts';
import { readE, readE64 } from './operands.ts';

/**
 * Near control transfers. Each ends its block and sets RIP itself. Relative targets are
 * offsets from the block's start (the instruction's end plus the displacement), resolved
 * against the virtual address the block was entered at.
 */

/** 70-7F, 0F 80-8F: jcc rel8/rel32. i.op is the condition. */
export function jcc(c: Cpu, i: Insn): void {
  if (testCondition(c, i.op)) c.ripToOffset(i.start + i.len + i.imm, i.osize);
  else c.ripAfter(i);
}

/** EB, E9: jmp rel. */
export function jmpRel(c: Cpu, i: Insn): void {
  c.ripToOffset(i.start + i.len + i.imm, i.osize);
}

/** E8: call rel: pushes the return address, then jumps. */
export function callRel(c: Cpu, i: Insn): void {
  const lo = c.branchTarget(i.start + i.len + i.imm, i.osize);
  const hi = c.tmp[1];
  c.checkBranchTarget(lo, hi);
  pushReturnAddress(c, i);
  c.jumpTo(lo, hi);
}

function pushReturnAddress(c: Cpu, i: Insn): void {
  const lo = addLinear(c, c.blockRip[0], c.blockRip[1], i.start + i.len);
  push(c, i.osize, lo, c.tmp[1]);
}

/** Reads an absolute near target from r/m (FF /2, FF /4) into (lo, c.tmp[0]). */
function absoluteTarget(c: Cpu, i: Insn): number {
  if (i.osize === 8) return readE64(c, i);
  c.tmp[0] = 0;
  const v = readE(c, i, i.osize);
  return i.osize === 2 ? v & 0xffff : v;
}

/** FF /4: jmp r/m. */
export function jmpE(c: Cpu, i: Insn): void {
  const lo = absoluteTarget(c, i);
  c.jumpTo(lo, c.tmp[0]);
}

/** FF /2: call r/m: the target is read before anything is pushed. */
export function callE(c: Cpu, i: Insn): void {
  const lo = absoluteTarget(c, i);
  const hi = c.tmp[0];
  c.checkBranchTarget(lo, hi);
  pushReturnAddress(c, i);
  c.jumpTo(lo, hi);
}

/** C3, C2 iw: ret, ret imm16 (which then releases imm16 more bytes). */
export function ret(c: Cpu, i: Insn): void {
  // Read and check the return address before RSP moves: a bad target faults on the ret.
  const v = peek(c, i.osize);
  const lo = i.osize === 2 ? v & 0xffff : v;
  const hi = i.osize === 8 ? c.tmp[0] : 0;
  c.checkBranchTarget(lo, hi);
  adjustSp(c, i.osize + (i.entry.parse.imms.length > 0 ? i.imm : 0));
  c.rip[0] = lo;
  c.rip[1] = hi;
}
