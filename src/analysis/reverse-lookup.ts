import type { PhysicalMemory } from '../core/memory/physical-memory.ts';
import type { PagingState } from './paging-state.ts';
import { addressRanges } from './ranges.ts';
import type { RangeRun } from './ranges.ts';

/** A virtual range that maps (part of) the physical range asked about, with its rights. */
export interface Alias {
  /** Canonical virtual start; `end` exclusive. */
  start: bigint;
  end: bigint;
  physStart: number;
  physEnd: number;
  user: boolean;
  writable: boolean;
  noExecute: boolean;
  global: boolean;
}

/**
 * Every virtual range of `runs` that maps a byte of physical [pa, pa + size): one look at
 * each run, which addressRanges found in a single pass over the tables. A run maps its
 * physical range linearly, so the overlap maps to one virtual range.
 */
export function aliasesIn(runs: RangeRun[], pa: number, size = 1): Alias[] {
  const out: Alias[] = [];
  const end = pa + size;
  for (const r of runs) {
    if (r.physEnd <= pa || r.physStart >= end) continue;
    const from = Math.max(pa, r.physStart);
    const to = Math.min(end, r.physEnd);
    const start = r.start + BigInt(from - r.physStart);
    out.push({
      start,
      end: start + BigInt(to - from),
      physStart: from,
      physEnd: to,
      user: r.user,
      writable: r.writable,
      noExecute: r.noExecute,
      global: r.global,
    });
  }
  return out;
}

/** Every virtual address range under CR3 (or `cr3`) that maps physical [pa, pa + size). */
export function physicalAliases(
  state: PagingState,
  mem: PhysicalMemory,
  pa: number,
  size = 1,
  opts: { cr3?: bigint } = {},
): Alias[] {
  return aliasesIn(addressRanges(state, mem, opts).runs, pa, size);
}
