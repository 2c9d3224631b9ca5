import type { Cpu } from '../cpu.ts';
import type { Insn } from '../decode/insn.ts';
import { isZero } from '../lazy-flags.ts';
import { RCX } from '../registers.ts';
import { addIndex, countIsZero } from './string.ts';

/**
 * Counted branches. The address size picks the counter (RCX, ECX or CX, as for rep); the
 * operand size, as for jcc, how the target wraps. Flags are read, never written.
 */

/** E0 loopne, E1 loope, E2 loop (i.op 0, 1, 2): decrement the counter, branch while nonzero. */
export function loop(c: Cpu, i: Insn): void {
  addIndex(c, RCX, i.asize, -1);
  const taken = !countIsZero(c.gpr, i.asize) && (i.op === 2 || isZero(c) === (i.op === 1));
  if (taken) c.ripToOffset(i.start + i.len + i.imm, i.osize);
  else c.ripAfter(i);
}

/** E3: jrcxz / jecxz / jcxz: branch when the counter is zero, leaving it alone. */
export function jrcxz(c: Cpu, i: Insn): void {
  if (countIsZero(c.gpr, i.asize)) c.ripToOffset(i.start + i.len + i.imm, i.osize);
  else c.ripAfter(i);
}
