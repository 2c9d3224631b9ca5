import type { Cpu } from '../cpu.ts';
import type { Insn } from '../decode/insn.ts';
import { testCondition } from '../lazy-flags.ts';
import { readE, readE64, setReg, writeE } from './operands.ts';

/** 0F 90-9F: setcc r/m8 = condition i.op (0 or 1). ModRM.reg is ignored. */
export function setcc(c: Cpu, i: Insn): void {
  writeE(c, i, 1, testCondition(c, i.op) ? 1 : 0);
}

/**
 * 0F 40-4F: cmovcc reg, r/m. The source is read (and may fault) whatever the condition, and a
 * 32-bit destination has its high dword cleared even when nothing moves.
 */
export function cmovcc(c: Cpu, i: Insn): void {
  const g = c.gpr;
  const k = i.reg << 1;
  if (i.osize === 8) {
    const lo = readE64(c, i);
    if (testCondition(c, i.op)) {
      g[k] = lo;
      g[k + 1] = c.tmp[0];
    }
    return;
  }
  const v = readE(c, i, i.osize);
  if (testCondition(c, i.op)) setReg(g, i.reg, i.osize, v);
  else if (i.osize === 4) g[k + 1] = 0;
}
