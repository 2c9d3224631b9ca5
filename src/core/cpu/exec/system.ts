import type { Cpu } from '../cpu.ts';
import type { Insn } from '../decode/insn.ts';
import { GP } from '../fault.ts';
import { raise } from './raise.ts';

/** F4: hlt. Privileged; RIP moves past it and the CPU waits for an interrupt. */
export function hlt(c: Cpu, i: Insn): void {
  if (c.cpl !== 0) raise(c, GP, 0, 'hlt at CPL > 0');
  c.ripAfter(i);
  c.halted = true;
}
