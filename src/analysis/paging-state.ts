import type { PagingRegs } from '../core/mmu/walker.ts';
import { TWO32 } from '../core/pair.ts';

/**
 * What the page-table views need from a machine: CR0, CR4, EFER and CR3 as an int32 pair.
 * A live CpuState satisfies it, and so does a snapshot or a hand-made object in a test.
 */
export interface PagingState extends PagingRegs {
  cr3: ArrayLike<number>;
}

/** CR3 (or an override) as a number: physical addresses stay below 2^52, exact in a double. */
export function cr3Number(state: PagingState, override?: bigint): number {
  if (override !== undefined) return Number(BigInt.asUintN(64, override) & 0xfffffffffffffn);
  return (state.cr3[1] & 0xfffff) * TWO32 + (state.cr3[0] >>> 0);
}
