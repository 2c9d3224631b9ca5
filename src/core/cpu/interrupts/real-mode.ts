import type { Cpu } from '../cpu.ts';
import { GP } from '../fault.ts';
import { AC, IF, RF, TF } from '../flags.ts';
import { readFlags } from '../lazy-flags.ts';
import { CS, RSP, SS } from '../registers.ts';
import { sysRead, sysWrite } from '../../mmu/system-access.ts';
import { D_DB } from '../exec/descriptor-tables.ts';
import { loadRealCs } from '../exec/far.ts';
import { raise } from '../exec/raise.ts';
import { STAGE_IVT, STAGE_STACK } from './fault-chain.ts';

/**
 * Delivery in real mode (SDM Vol. 3, 20.1.4): the IVT at IDTR.base holds a 4-byte
 * offset:segment per vector; FLAGS, CS and IP are pushed as words and no error code is.
 */
export function deliverReal(c: Cpu, vector: number): void {
  if (vector * 4 + 3 > c.idtr[2]) raise(c, GP, 0, `IVT entry ${vector} is past the IDT limit`);
  const at = (c.idtr[0] + vector * 4) | 0;
  c.interrupts.chain.at(STAGE_IVT, at, 0);
  const ip = sysRead(c, at, 0, 2);
  const cs = sysRead(c, (at + 2) | 0, 0, 2);
  const sp = c.gpr[RSP << 1];
  const big = (c.segAttr[SS] & D_DB) !== 0;
  put(c, sp, big, 1, readFlags(c));
  put(c, sp, big, 2, c.segSel[CS]);
  put(c, sp, big, 3, c.rip[0]);
  c.gpr[RSP << 1] = big ? sp - 6 : (sp & ~0xffff) | ((sp - 6) & 0xffff);
  loadRealCs(c, cs);
  c.rip[0] = ip;
  c.rip[1] = 0;
  c.flags &= ~(IF | TF | AC | RF);
}

function put(c: Cpu, sp: number, big: boolean, slot: number, v: number): void {
  const off = big ? sp - 2 * slot : (sp - 2 * slot) & 0xffff;
  const a = (c.segBaseLo[SS] + off) | 0;
  c.interrupts.chain.at(STAGE_STACK, a, 0);
  sysWrite(c, a, 0, 2, v);
}
