import type { Cpu } from '../cpu.ts';
import type { Insn } from '../decode/insn.ts';
import { GP } from '../fault.ts';
import { IF, IOPL } from '../flags.ts';
import { raise } from './raise.ts';

/**
 * cli and sti. In protected mode they need CPL <= IOPL, else #GP(0): the CPU model has
 * neither VME nor PVI, so there is no virtual IF to fall back on. Both end their block,
 * so the run loop looks at pending interrupts right after them.
 */

function checkIopl(c: Cpu, what: string): void {
  const iopl = (c.flags & IOPL) >>> 12;
  if ((c.cr0 & 1) !== 0 && c.cpl > iopl) raise(c, GP, 0, `${what} at CPL ${c.cpl} > IOPL ${iopl}`);
}

/** FA: cli. */
export function cli(c: Cpu, i: Insn): void {
  checkIopl(c, 'cli');
  c.flags &= ~IF;
  c.ripAfter(i);
}

/**
 * FB: sti. Setting IF from 0 holds interrupts off until the next instruction has run, so
 * `sti; hlt` sleeps with no window for an interrupt to slip in before the hlt.
 */
export function sti(c: Cpu, i: Insn): void {
  checkIopl(c, 'sti');
  if ((c.flags & IF) === 0) {
    c.flags |= IF;
    c.interrupts.holdForOneInstruction(c.now());
  }
  c.ripAfter(i);
}
