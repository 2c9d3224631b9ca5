import type { Cpu } from '../cpu.ts';
import { CS, RSP, SS } from '../registers.ts';
import { addLinear, write64 } from '../../mmu/access.ts';
import { D_DB, loadCache } from './descriptor-tables.ts';
import { writeMem } from './operands.ts';

/**
 * What a far transfer leaves behind, shared by the far jumps, calls and returns (far.ts),
 * call gates (call-gate.ts) and IRET: the new CS with what follows from it, and the slots it
 * pushes on the stack.
 */

/** Loads CS and what follows from it: CPL, the code size, the TLB rights the fast paths need. */
export function commitCs(c: Cpu, sel: number, lo: number, hi: number, cpl: number): void {
  loadCache(c, CS, (sel & 0xfffc) | cpl, lo, hi);
  c.cpl = cpl;
  c.updateMode();
  c.updateAccessRights();
}

/** The linear address of SS:RSP + offset, wrapped as the stack size says (lo; hi in c.tmp[1]). */
function stackSlot(c: Cpu, offset: number): number {
  const g = c.gpr;
  if (c.mode === 64) return addLinear(c, g[RSP << 1], g[(RSP << 1) + 1], offset);
  c.tmp[1] = 0;
  const sp = (c.segAttr[SS] & D_DB) !== 0 ? g[RSP << 1] + offset : (g[RSP << 1] + offset) & 0xffff;
  return (sp + c.segBaseLo[SS]) | 0;
}

/** Stores a `size`-byte slot at SS:RSP + offset, with the CPL's access rights. */
export function storeSlot(c: Cpu, offset: number, size: number, lo: number, hi: number): void {
  const a = stackSlot(c, offset);
  c.seg = SS;
  if (size === 8) write64(c, a, c.tmp[1], lo, hi);
  else writeMem(c, a, c.tmp[1], size, lo);
}
