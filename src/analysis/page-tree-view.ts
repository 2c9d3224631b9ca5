import type { PhysicalMemory } from '../core/memory/physical-memory.ts';
import { CR4_LA57, CR4_PKE, CR4_PSE, EFER_NXE, PagingMode } from '../core/mmu/paging-bits.ts';
import { decodeEntry, levelName } from './entry-decode.ts';
import type { DecodedEntry, LevelName } from './entry-decode.ts';
import { canonicalBigInt } from './hex.ts';
import { buildPageTree, E_LEAF, E_OUTSIDE_RAM, E_RESERVED, E_SHARED } from './page-tree.ts';
import type { PageTree } from './page-tree.ts';
import type { PagingState } from './paging-state.ts';

/** One entry as the UI shows it: decoded, with its canonical virtual address. */
export interface EntryRecord {
  id: number;
  level: LevelName;
  index: number;
  /** The first virtual address the entry covers (canonical). */
  va: bigint;
  /** Bytes of address space it covers. */
  span: number;
  raw: bigint;
  entry: DecodedEntry;
  leaf: boolean;
  outsideRam: boolean;
  reserved: boolean;
  shared: boolean;
  /** The table it points to in the tree, or -1. */
  child: number;
}

function spanOf(mode: PagingMode, depth: number): number {
  if (mode === PagingMode.Legacy32) return depth === 2 ? 0x400000 : 4096;
  return 2 ** (12 + 9 * (depth - 1));
}

/** Entry `id` of a tree as a record (BigInt and objects only here, at the edge). */
export function entryRecord(tree: PageTree, state: PagingState, id: number): EntryRecord {
  const t = tree.entryTable[id];
  const depth = tree.tableDepth[t];
  const lo = tree.entryLo[id];
  const hi = tree.entryHi[id];
  const index = tree.entryIndex[id];
  const span = spanOf(tree.mode, depth);
  const flags = tree.entryFlags[id];
  const nxe = (state.efer & EFER_NXE) !== 0;
  const pse = (state.cr4 & CR4_PSE) !== 0;
  return {
    id,
    level: levelName(tree.mode, depth),
    index,
    va: canonicalBigInt(tree.tableVa[t] + index * span, (state.cr4 & CR4_LA57) !== 0),
    span,
    raw: (BigInt(hi) << 32n) | BigInt(lo),
    entry: decodeEntry(tree.mode, depth, lo | 0, hi | 0, nxe, pse, (state.cr4 & CR4_PKE) !== 0),
    leaf: (flags & E_LEAF) !== 0,
    outsideRam: (flags & E_OUTSIDE_RAM) !== 0,
    reserved: (flags & E_RESERVED) !== 0,
    shared: (flags & E_SHARED) !== 0,
    child: tree.entryChild[id],
  };
}

/** The present entries of table `t` of a built tree: what the UI shows when a node opens. */
export function tableChildren(tree: PageTree, state: PagingState, t: number): EntryRecord[] {
  const out: EntryRecord[] = [];
  const first = tree.tableFirst[t];
  for (let i = 0; i < tree.tableCount[t]; i++) out.push(entryRecord(tree, state, first + i));
  return out;
}

/**
 * The present entries of one table read now, without building the whole tree: a lazy UI opens
 * the root with `cr3`, then each child by the `entry.address` and level of its parent.
 */
export function readTable(
  state: PagingState,
  mem: PhysicalMemory,
  tablePhys: number,
  depth: number,
  vaBase: number,
): EntryRecord[] {
  // A one-table tree: the root is this table, followed no further.
  const root = { depth, va: vaBase };
  const tree = buildPageTree(state, mem, { cr3: BigInt(tablePhys), root, shallow: true });
  return tree.tables > 0 ? tableChildren(tree, state, 0) : [];
}
