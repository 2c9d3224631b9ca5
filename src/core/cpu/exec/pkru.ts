import type { Cpu } from '../cpu.ts';
import type { Insn } from '../decode/insn.ts';
import { PFX_OPSIZE, PFX_REP, PFX_REPNE } from '../decode/insn.ts';
import { GP, UD } from '../fault.ts';
import { CR4_PKE } from '../../mmu/paging-bits.ts';
import { RAX, RCX, RDX } from '../registers.ts';
import { setReg } from './operands.ts';
import { raise } from './raise.ts';

/**
 * RDPKRU and WRPKRU (SDM Vol. 2, "RDPKRU", "WRPKRU"): PKRU, the rights of the 16 protection
 * keys, read and written at any CPL and in any mode, once CR4.PKE is set. Both are NP: a 66,
 * F2 or F3 prefix makes them #UD (LOCK is #UD for every non-lockable instruction).
 */
function checkUsable(c: Cpu, i: Insn, name: string): void {
  if ((i.prefixes & (PFX_OPSIZE | PFX_REP | PFX_REPNE)) !== 0)
    raise(c, UD, 0, `${name} with a 66, F2 or F3 prefix`);
  if ((c.cr4 & CR4_PKE) === 0) raise(c, UD, 0, `${name} with CR4.PKE = 0`);
  if (c.gpr[RCX << 1] !== 0) raise(c, GP, 0, `${name} with ECX != 0`);
}

/** 0F 01 EE: rdpkru. EAX = PKRU, EDX = 0; the upper halves of RAX and RDX are cleared. */
export function rdpkru(c: Cpu, i: Insn): void {
  checkUsable(c, i, 'rdpkru');
  setReg(c.gpr, RAX, 4, c.pkru);
  setReg(c.gpr, RDX, 4, 0);
}

/**
 * 0F 01 EF: wrpkru. PKRU = EAX; EDX must be 0 too. The TLB keeps its entries: the ones of
 * user pages get the rights their keys leave them now (Cpu.updateKeyRights).
 */
export function wrpkru(c: Cpu, i: Insn): void {
  checkUsable(c, i, 'wrpkru');
  if (c.gpr[RDX << 1] !== 0) raise(c, GP, 0, 'wrpkru with EDX != 0');
  c.pkru = c.gpr[RAX << 1];
  c.updateKeyRights();
}
