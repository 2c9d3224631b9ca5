import type { Cpu } from '../cpu.ts';
import type { Insn } from '../decode/insn.ts';
import { CF, DF } from '../flags.ts';
import { materializeFlags } from '../lazy-flags.ts';

/** F8 clc, F9 stc, F5 cmc: edit CF alone. i.op: 0 clear, 1 set, 2 complement. */
export function carryOp(c: Cpu, i: Insn): void {
  materializeFlags(c);
  if (i.op === 0) c.flags &= ~CF;
  else if (i.op === 1) c.flags |= CF;
  else c.flags ^= CF;
}

/** FC cld, FD std. i.op: 0 clear, 1 set. */
export function directionOp(c: Cpu, i: Insn): void {
  if (i.op === 0) c.flags &= ~DF;
  else c.flags |= DF;
}
