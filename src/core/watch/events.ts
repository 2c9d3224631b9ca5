/**
 * What a PagingWatch records, one object per event. Events are rare (a CR3 load, a fault, a
 * store into a live page table), so they carry BigInt addresses and strings; nothing here is
 * built on the hot path. `at` is the guest time of the instruction (Cpu.now()), `rip` its
 * address.
 */

/** The registers that decide how a walk reads the tables, at one moment. */
export interface PagingRegsSnapshot {
  cr0: number;
  cr3: bigint;
  cr4: number;
  efer: number;
  /** Protection keys' rights (with CR4.PKE): a walk from this snapshot applies them too. */
  pkru: number;
}

interface EventBase {
  at: number;
  rip: bigint;
}

/** A mov to CR0, CR3 or CR4 that completed, or an EFER write (wrmsr) that changed EFER. */
export interface ControlWrite extends EventBase {
  kind: 'control';
  reg: 'cr0' | 'cr3' | 'cr4' | 'efer';
  before: PagingRegsSnapshot;
  after: PagingRegsSnapshot;
  /** The next instruction's address (null for EFER, whose write is seen mid-instruction). */
  nextRip: bigint | null;
}

/** A mov to CR0, CR3 or CR4 the CPU refused with an exception: the value never loaded. */
export interface ControlRefused extends EventBase {
  kind: 'control-refused';
  reg: 'cr0' | 'cr3' | 'cr4';
  value: bigint;
  vector: number;
  detail: string;
}

/** An exception an instruction raised, or one raised while delivering another. */
export interface ExceptionRaised extends EventBase {
  kind: 'exception';
  vector: number;
  name: string;
  errorCode: number | null;
  /** The faulting linear address of a #PF. */
  cr2: bigint | null;
  detail: string;
  /** Raised while delivering an earlier event (the chain of a double or triple fault). */
  duringDelivery: boolean;
}

/** A guest store into a frame the walker has read paging entries from. */
export interface TableWrite extends EventBase {
  kind: 'table-write';
  /** Physical address of the entry the store touched (aligned to the entry size). */
  entryAddress: number;
  entryBytes: 4 | 8;
  /** The walker's level number of the table in that frame when last walked (5 = PML5 ... 1 = PT). */
  level: number;
  before: bigint;
  after: bigint;
  /** Whether the store ends at the end of the entry: the entry is then whole. */
  complete: boolean;
}

/** A cached translation used after the tables behind it changed: the TLB still held the old one. */
export interface StaleTranslation extends EventBase {
  kind: 'stale-translation';
  va: bigint;
  access: 'read' | 'write' | 'fetch';
  cachedPhys: bigint;
  /** What a walk gives now: the physical address, or why it faults. */
  current: { phys: bigint } | { fault: string };
  /** The entry whose write made the translation stale, and that write. */
  entryAddress: number;
  writeAt: number;
  writeRip: bigint;
}

export type WatchEvent =
  ControlWrite | ControlRefused | ExceptionRaised | TableWrite | StaleTranslation;

export type WatchListener = (e: WatchEvent) => void;
