/** Exception vectors (Intel SDM Vol. 3, table 6-1). */
export const DE = 0;
export const DB = 1;
export const NMI = 2;
export const BP = 3;
export const OF_VEC = 4;
export const BR = 5;
export const UD = 6;
export const NM = 7;
export const DF_VEC = 8;
export const TS = 10;
export const NP = 11;
export const SS_VEC = 12;
export const GP = 13;
export const PF_VEC = 14;
export const MF = 16;
export const AC_VEC = 17;
export const MC = 18;
export const XM = 19;

export const VECTOR_NAMES: Record<number, string> = {
  0: '#DE', 1: '#DB', 2: 'NMI', 3: '#BP', 4: '#OF', 5: '#BR', 6: '#UD', 7: '#NM', 8: '#DF',
  10: '#TS', 11: '#NP', 12: '#SS', 13: '#GP', 14: '#PF', 16: '#MF', 17: '#AC', 18: '#MC', 19: '#XM',
}; // prettier-ignore

/** Vectors that push an error code when delivered as exceptions. */
export function hasErrorCode(vector: number): boolean {
  return vector === 8 || (vector >= 10 && vector <= 14) || vector === 17 || vector === 21;
}

/**
 * A guest exception raised in the middle of an instruction. There is one instance per CPU,
 * filled in and thrown, so raising a fault allocates nothing and captures no host stack.
 * The instruction loop catches it, rolls RIP back to the faulting instruction and delivers it.
 */
export class GuestFault {
  vector = 0;
  errorCode = 0;
  hasErrorCode = false;
  /** CR2 for #PF, as a (low, high) pair. */
  cr2Lo = 0;
  cr2Hi = 0;
  /** Why, in words, for reports; the delivery path never reads it. */
  detail = '';
  /**
   * Raised after a task switch committed: RIP is the new task's and must not be rolled
   * back to the instruction that switched (SDM Vol. 3A 8.3). Whoever catches it clears it.
   */
  inNewTask = false;
}
