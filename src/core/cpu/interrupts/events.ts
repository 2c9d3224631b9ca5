/**
 * Kinds of event the CPU delivers through the IDT. The kind decides the EXT bit of error
 * codes raised while delivering it, whether the gate's DPL is checked, whether an error
 * code is pushed, and whether the pushed RFLAGS has RF set (SDM Vol. 3, 6.13 and 17.3.1.1).
 */
/** An exception raised by an instruction or by a failed delivery: pushes its error code. */
export const EXCEPTION = 0;
/** INTR or NMI: never an error code, even on vectors that have one as exceptions. */
export const EXTERNAL = 1;
/** int n, int3, into: gate DPL must be >= CPL; faults while delivering have EXT = 0. */
export const SOFTWARE = 2;
/** int1 (icebp): a #DB trap with no DPL check. */
export const ICEBP = 3;

/** Double-fault classes (SDM Vol. 3, table 6-4). */
export const BENIGN = 0;
export const CONTRIBUTORY = 1;
export const PAGE_FAULT = 2;

/** #DE, #TS, #NP, #SS, #GP, #CP. */
const CONTRIBUTORY_VECTORS = (1 << 0) | (1 << 10) | (1 << 11) | (1 << 12) | (1 << 13) | (1 << 21);
/** #PF and #VE. */
const PAGE_FAULT_VECTORS = (1 << 14) | (1 << 20);
/**
 * Exceptions whose pushed RFLAGS image has RF set: the fault-class ones (#DB is left as a
 * trap), and #DF, an abort, for which the CPU sets RF as well (measured under KVM:
 * tests/reference/expected/exception.kvm.txt).
 */
const FAULT_VECTORS =
  (1 << 0) | (1 << 5) | (1 << 6) | (1 << 7) | (1 << 8) | (1 << 10) | (1 << 11) | (1 << 12) | (1 << 13) |
  (1 << 14) | (1 << 16) | (1 << 17) | (1 << 19) | (1 << 20) | (1 << 21); // prettier-ignore

/** The class of an event: only exceptions are contributory or page faults. */
export function faultClass(vector: number, kind: number): number {
  if (kind !== EXCEPTION || vector >= 32) return BENIGN;
  if (((CONTRIBUTORY_VECTORS >>> vector) & 1) !== 0) return CONTRIBUTORY;
  if (((PAGE_FAULT_VECTORS >>> vector) & 1) !== 0) return PAGE_FAULT;
  return BENIGN;
}

/**
 * SDM Vol. 3, table 6-5: a second exception while delivering the first is a double fault
 * when both are contributory, or the first is a page fault and the second not benign;
 * otherwise the two are handled one after the other (the second is delivered).
 */
export function isDoubleFault(firstClass: number, secondClass: number): boolean {
  return (
    (firstClass === CONTRIBUTORY && secondClass === CONTRIBUTORY) ||
    (firstClass === PAGE_FAULT && secondClass !== BENIGN)
  );
}

/** Whether delivering the event pushes RFLAGS with RF set. */
export function pushesRf(vector: number, kind: number): boolean {
  return kind === EXCEPTION && vector < 32 && ((FAULT_VECTORS >>> vector) & 1) !== 0;
}
