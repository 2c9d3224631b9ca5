import type { PhysicalMemory } from '../../core/memory/physical-memory.ts';
import { CR4_LA57, CR4_PSE, EFER_NXE, PagingMode, pagingMode } from '../../core/mmu/paging-bits.ts';
import type { ExceptionRaised, TableWrite } from '../../core/watch/events.ts';
import { isLeaf } from '../entry-decode.ts';
import { canonicalBigInt } from '../hex.ts';
import { buildPageTree, E_LEAF, E_OUTSIDE_RAM, E_RESERVED } from '../page-tree.ts';
import type { PagingState } from '../paging-state.ts';
import { translate } from '../translate.ts';
import type { EntryFacts } from './detector.ts';

/** #PF error code bits: W, U/S, RSVD, I/D. */
const PF_WRITE = 2;
const PF_USER = 4;
const PF_RSVD = 8;
const PF_FETCH = 16;

/** Address bits of a huge leaf below its page size (bit 12 up): PAT, then reserved or PSE-36. */
export function hugeLowBits(mode: PagingMode, level: number, lo: number): number {
  if (mode === PagingMode.Legacy32) return level === 2 ? lo & 0x3ff000 : 0;
  if (level === 3) return lo & 0x3ffff000;
  return level === 2 ? lo & 0x1ff000 : 0;
}

/**
 * The entries of the tables under `cr3` worth a detector's look: reserved bits set, a table or
 * page outside RAM, a huge page with address bits below its size. Read-only (page-tree.ts).
 */
export function scanEntries(
  state: PagingState,
  mem: PhysicalMemory,
  at: number,
  rip: bigint | null,
): EntryFacts[] {
  const tree = buildPageTree(state, mem);
  const mode = tree.mode;
  const wide = mode !== PagingMode.Legacy32;
  const la57 = (state.cr4 & CR4_LA57) !== 0;
  const nxe = (state.efer & EFER_NXE) !== 0;
  const out: EntryFacts[] = [];
  for (let e = 0; e < tree.entries; e++) {
    const flags = tree.entryFlags[e];
    const t = tree.entryTable[e];
    const level = tree.tableDepth[t];
    const lo = tree.entryLo[e];
    const leaf = (flags & E_LEAF) !== 0;
    const odd = (flags & (E_RESERVED | E_OUTSIDE_RAM)) !== 0;
    if (!odd && !(leaf && level > 1 && hugeLowBits(mode, level, lo) !== 0)) continue;
    const index = tree.entryIndex[e];
    const span = wide ? 2 ** (12 + 9 * (level - 1)) : level === 2 ? 0x400000 : 4096;
    out.push({
      source: 'tables',
      mode,
      level,
      lo,
      hi: tree.entryHi[e],
      leaf,
      entryAddress: tree.tablePhys[t] + index * (wide ? 8 : 4),
      va: canonicalBigInt(tree.tableVa[t] + index * span, la57),
      nxe,
      cr3: BigInt(tree.cr3),
      at,
      rip,
    });
  }
  return out;
}

/** A completed store into a live table, as an entry (null when it is not present). */
export function writtenEntry(state: PagingState, e: TableWrite): EntryFacts | null {
  const lo = Number(e.after & 0xffffffffn);
  if (!e.complete || (lo & 1) === 0) return null;
  const mode = pagingMode(state.cr0, state.cr4, state.efer);
  const pse = (state.cr4 & CR4_PSE) !== 0;
  return {
    source: 'write',
    mode,
    level: e.level,
    lo,
    hi: Number(e.after >> 32n),
    leaf: isLeaf(mode, e.level, lo, pse),
    entryAddress: e.entryAddress,
    va: null,
    nxe: (state.efer & EFER_NXE) !== 0,
    cr3: cr3Of(state),
    at: e.at,
    rip: e.rip,
  };
}

/** The entry a reserved-bit #PF stopped at, walked again now (read-only); null otherwise. */
export function faultingEntry(
  state: PagingState,
  mem: PhysicalMemory,
  e: ExceptionRaised,
): EntryFacts | null {
  if (e.vector !== 14 || e.cr2 === null || e.errorCode === null || !(e.errorCode & PF_RSVD))
    return null;
  const access = e.errorCode & PF_FETCH ? 'fetch' : e.errorCode & PF_WRITE ? 'write' : 'read';
  const cpl = e.errorCode & PF_USER ? 3 : 0;
  const tr = translate(state, mem, e.cr2, { access, cpl });
  const step = tr.steps[tr.steps.length - 1];
  if (tr.ok || step === undefined) return null;
  return {
    source: 'fault',
    mode: pagingMode(state.cr0, state.cr4, state.efer),
    level: step.depth,
    lo: Number(step.raw & 0xffffffffn),
    hi: Number(step.raw >> 32n),
    leaf: step.leaf,
    entryAddress: Number(step.entryAddress),
    va: e.cr2,
    nxe: (state.efer & EFER_NXE) !== 0,
    cr3: cr3Of(state),
    at: e.at,
    rip: e.rip,
  };
}

function cr3Of(state: PagingState): bigint {
  return (BigInt(state.cr3[1] >>> 0) << 32n) | BigInt(state.cr3[0] >>> 0);
}
