import type { PhysicalMemory } from '../../core/memory/physical-memory.ts';
import { hexAddr } from '../hex.ts';
import type { PagingState } from '../paging-state.ts';
import { walkReason } from '../pitfalls/walk-reason.ts';
import { translate } from '../translate.ts';

const FAILED = { read: 'is not mapped', write: 'is not writable', fetch: 'is not executable' };

/**
 * Whether the CPU can reach `va` for `access` at CPL 0 under the current tables; when it
 * cannot, the problem in words, `what` first: "IDT base 0x... is not mapped: PML4 entry 256
 * (at 0x102800) is not present". A present page that lacks the right says what it lacks; a missing one, that it is
 * not mapped. Side effects off, as every walk in analysis.
 */
export function reachProblem(
  state: PagingState,
  mem: PhysicalMemory,
  what: string,
  va: bigint,
  access: 'read' | 'write' | 'fetch',
): string | null {
  const tr = translate(state, mem, va, { access, cpl: 0 });
  if (tr.ok) return null;
  const words = tr.fault?.kind === 'protection' ? FAILED[access] : FAILED.read;
  return `${what} ${hexAddr(tr.va)} ${words}: ${walkReason(tr)}`;
}

/** The problems of a table of `limit + 1` bytes at `base`, one per page it cannot be read in. */
export function tableProblems(
  state: PagingState,
  mem: PhysicalMemory,
  name: string,
  base: bigint,
  limit: number,
): string[] {
  const out: string[] = [];
  const end = base + BigInt(limit);
  for (let p = base & ~0xfffn; p <= end; p += 0x1000n) {
    const at = p < base ? base : p;
    const problem = reachProblem(
      state,
      mem,
      at === base ? `${name} base` : `${name} page`,
      at,
      'read',
    );
    if (problem) out.push(problem);
  }
  return out;
}
