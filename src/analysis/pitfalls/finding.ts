/**
 * A classic VMM bug, named at the instruction where it happened or where it was set up.
 * `error`: it broke, or will break, the kernel (a fault, a triple fault, the wrong memory).
 * `warning`: it works, but is a hole or a trap (W+X pages, user-accessible kernel pages).
 */
export type Severity = 'error' | 'warning';

/** Where a finding points: the instruction, and the paging entry or address involved. */
export interface Where {
  /** Guest time (instruction count) of the instruction, when one is to blame. */
  at: number | null;
  rip: bigint | null;
  /** The kernel symbol holding `rip` (`kmain+0x1a`), '' without symbols. */
  symbol: string;
  /** The CR3 of the address space concerned. */
  cr3?: bigint;
  /** The virtual address concerned (an unmapped IDT, a stale page, a W+X range start). */
  va?: bigint;
  /** Physical address of the paging entry concerned. */
  entryAddress?: bigint;
}

export interface Finding {
  /** The detector's id: its file name in src/analysis/pitfalls/. */
  detector: string;
  severity: Severity;
  /** One sentence: what is wrong. */
  what: string;
  where: Where;
  /** Why it will or did break. */
  why: string;
  /** What to change. */
  fix: string;
  /** Entries, ranges or events of the same kind folded into this finding (1 or more). */
  count: number;
}
