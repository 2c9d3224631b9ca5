import type { WatchEvent } from '../../core/watch/events.ts';
import type { PagingMode } from '../../core/mmu/paging-bits.ts';
import type { RangeRun } from '../ranges.ts';
import type { PitfallContext } from './context.ts';

/**
 * One paging entry to judge on its own: from a scan of the tables under a CR3 the kernel
 * loaded, from a store into a live table, or from the walk of an address that just faulted
 * with a reserved bit. Scans pass only entries worth a look (reserved bits, outside RAM, a
 * huge page with low address bits set): a million healthy PTEs cost no object each.
 */
export interface EntryFacts {
  source: 'tables' | 'write' | 'fault';
  mode: PagingMode;
  /** The walker's level number: 5 = PML5 ... 1 = PT (32-bit PD = 2, PAE PDPTE = 3). */
  level: number;
  /** The entry's dwords (lo = bits 31:0, hi = bits 63:32; 0 for 4-byte entries), unsigned. */
  lo: number;
  hi: number;
  leaf: boolean;
  entryAddress: number;
  /** The first virtual address the entry maps, or the faulting one; null when unknown (a store). */
  va: bigint | null;
  nxe: boolean;
  cr3: bigint;
  /** The instruction that wrote the entry, faulted on it, or loaded the CR3 that was scanned. */
  at: number;
  rip: bigint | null;
}

/** The address space under a CR3 the kernel loaded: pagescope's merged ranges (ranges.ts). */
export interface SpaceFacts {
  cr3: bigint;
  runs: RangeRun[];
  nxe: boolean;
  at: number;
  rip: bigint | null;
}

/**
 * A pitfall detector: one file each in this folder. Every hook runs with the machine exactly
 * as it is at that moment and must change nothing; findings go to ctx.report.
 */
export interface Detector {
  /** The file's name, and the `detector` of its findings. */
  id: string;
  /** What it looks for, in one line (for help text). */
  title: string;
  /** A watch event (core/watch/events.ts), as it happens. */
  onEvent?(e: WatchEvent, ctx: PitfallContext): void;
  onEntry?(e: EntryFacts, ctx: PitfallContext): void;
  onSpace?(s: SpaceFacts, ctx: PitfallContext): void;
  /** The run is over (or stopped where someone wants to look). */
  atEnd?(ctx: PitfallContext): void;
}
