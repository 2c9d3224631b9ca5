import type { Cpu } from '../cpu.ts';
import type { Insn } from '../decode/insn.ts';
import { GP, UD } from '../fault.ts';
import { AC } from '../flags.ts';
import { raise } from './raise.ts';

/** F4: hlt. Privileged; RIP moves past it and the CPU waits for an interrupt. */
export function hlt(c: Cpu, i: Insn): void {
  if (c.cpl !== 0) raise(c, GP, 0, 'hlt at CPL > 0');
  c.ripAfter(i);
  c.halted = true;
}

/**
 * 0F 01 CA clac (i.op 0), CB stac (i.op 1): clear or set RFLAGS.AC, which lets supervisor
 * code reach user pages under SMAP. #UD at CPL > 0. AC is not an arithmetic flag, so it
 * is edited in place; the TLB never caches SMAP-governed accesses, so nothing is flushed.
 */
export function clacStac(c: Cpu, i: Insn): void {
  if (c.cpl !== 0) raise(c, UD, 0, `${i.op === 0 ? 'clac' : 'stac'} at CPL > 0`);
  if (i.op === 0) c.flags &= ~AC;
  else c.flags |= AC;
}

/** A form of a split group opcode (0F 01, 0F AE) that no instruction has; i.op = the opcode. */
export function undefinedForm(c: Cpu, i: Insn): never {
  const hex = (v: number) => v.toString(16).padStart(2, '0');
  raise(c, UD, 0, `invalid or unimplemented opcode 0f ${hex(i.op)} with ModRM ${hex(i.modrm)}`);
}
