import type { PhysicalMemory } from '../core/memory/physical-memory.ts';
import { CR4_PSE, EFER_NXE, PagingMode, pagingMode } from '../core/mmu/paging-bits.ts';
import { TWO32 } from '../core/pair.ts';
import { isLeaf, reservedHi, reservedLo } from './entry-decode.ts';
import { cr3Number } from './paging-state.ts';
import type { PagingState } from './paging-state.ts';
import { RamReader } from './ram-reader.ts';

/** entryFlags bits. */
export const E_LEAF = 1;
/** A table pointer whose table is outside RAM (not followed), or a leaf mapping non-RAM. */
export const E_OUTSIDE_RAM = 2;
/** Reserved bits set: the CPU faults on this entry (the tree still shows what is below). */
export const E_RESERVED = 4;
/** A table pointer to a table already seen through another entry (shared or recursive). */
export const E_SHARED = 8;

/**
 * Every present entry of the paging structures under one CR3, as the CPU would read them,
 * in flat typed arrays: a million PTEs take tens of megabytes and no object per entry.
 * Table t holds entries [tableFirst[t], tableFirst[t] + tableCount[t]) in index order.
 * Virtual addresses are raw (below 2^57, exact in a double); canonicalHex/canonicalBigInt
 * sign-extend them for display.
 */
export interface PageTree {
  mode: PagingMode;
  cr3: number;
  tables: number;
  tablePhys: Float64Array;
  tableDepth: Uint8Array;
  /** The entry that points to the table, -1 for the root. */
  tableParent: Int32Array;
  tableFirst: Int32Array;
  tableCount: Int32Array;
  tableVa: Float64Array;
  entries: number;
  entryLo: Uint32Array;
  entryHi: Uint32Array;
  entryIndex: Uint16Array;
  entryTable: Int32Array;
  /** The table an entry points to, or -1 (a leaf, or a table not followed). */
  entryChild: Int32Array;
  entryFlags: Uint8Array;
  stats: TreeStats;
}

export interface TreeStats {
  /** Present entries and tables by depth (index 5 = PML5 ... 1 = PT). */
  presentByDepth: number[];
  tablesByDepth: number[];
  pages4K: number;
  pages2M: number;
  pages4M: number;
  pages1G: number;
  tablesOutsideRam: number;
  leavesOutsideRam: number;
  reservedEntries: number;
  sharedTables: number;
  /** The walk stopped at maxEntries (tables aliased many times can multiply without end). */
  truncated: boolean;
}

export interface TreeOptions {
  cr3?: bigint;
  /** Stop after this many entries; 4M by default. */
  maxEntries?: number;
  /** The table at `cr3` sits at `depth` and maps from `va` (a subtree); the top level by default. */
  root?: { depth: number; va: number };
  /** Read only the root table. */
  shallow?: boolean;
  /** Read no page table's entries (their tables are still listed): where the tables are. */
  tablesOnly?: boolean;
}

class Growable {
  tablePhys = new Float64Array(64);
  tableDepth = new Uint8Array(64);
  tableParent = new Int32Array(64);
  tableFirst = new Int32Array(64);
  tableCount = new Int32Array(64);
  tableVa = new Float64Array(64);
  entryLo = new Uint32Array(4096);
  entryHi = new Uint32Array(4096);
  entryIndex = new Uint16Array(4096);
  entryTable = new Int32Array(4096);
  entryChild = new Int32Array(4096);
  entryFlags = new Uint8Array(4096);
  tables = 0;
  entries = 0;

  /** Makes room for `n` more entries (and one more table), doubling the arrays. */
  reserve(n: number): void {
    if (this.tables + 1 > this.tablePhys.length) {
      const size = this.tablePhys.length * 2;
      this.tablePhys = grow(this.tablePhys, size);
      this.tableDepth = grow(this.tableDepth, size);
      this.tableParent = grow(this.tableParent, size);
      this.tableFirst = grow(this.tableFirst, size);
      this.tableCount = grow(this.tableCount, size);
      this.tableVa = grow(this.tableVa, size);
    }
    if (this.entries + n > this.entryLo.length) {
      const size = Math.max(this.entryLo.length * 2, this.entries + n);
      this.entryLo = grow(this.entryLo, size);
      this.entryHi = grow(this.entryHi, size);
      this.entryIndex = grow(this.entryIndex, size);
      this.entryTable = grow(this.entryTable, size);
      this.entryChild = grow(this.entryChild, size);
      this.entryFlags = grow(this.entryFlags, size);
    }
  }
}

function grow<T extends Float64Array | Uint8Array | Int32Array | Uint32Array | Uint16Array>(
  a: T,
  size: number,
): T {
  const b = new (a.constructor as new (n: number) => T)(size);
  b.set(a);
  return b;
}

/** Builds the tree under CR3 (or `opts.cr3`). Reads RAM only; changes nothing. */
export function buildPageTree(
  state: PagingState,
  mem: PhysicalMemory,
  opts: TreeOptions = {},
): PageTree {
  const mode = pagingMode(state.cr0, state.cr4, state.efer);
  const cr3 = cr3Number(state, opts.cr3);
  const r = new RamReader(mem, 0);
  const nxe = (state.efer & EFER_NXE) !== 0;
  const pse = (state.cr4 & CR4_PSE) !== 0;
  const maxEntries = opts.maxEntries ?? 1 << 22;
  const g = new Growable();
  const stats: TreeStats = {
    presentByDepth: [0, 0, 0, 0, 0, 0],
    tablesByDepth: [0, 0, 0, 0, 0, 0],
    pages4K: 0,
    pages2M: 0,
    pages4M: 0,
    pages1G: 0,
    tablesOutsideRam: 0,
    leavesOutsideRam: 0,
    reservedEntries: 0,
    sharedTables: 0,
    truncated: false,
  };
  const seen = new Set<number>();
  const wide = mode !== PagingMode.Legacy32;
  const perTable = mode === PagingMode.Pae ? 0 : wide ? 512 : 1024;

  /** Adds table `phys` at `depth` and, depth first, the tables below it. */
  const visit = (phys: number, depth: number, va: number, parent: number): number => {
    const t = g.tables++;
    const n =
      opts.tablesOnly && depth === 1 ? 0 : mode === PagingMode.Pae && depth === 3 ? 4 : perTable;
    g.reserve(n);
    g.tablePhys[t] = phys;
    g.tableDepth[t] = depth;
    g.tableParent[t] = parent;
    g.tableVa[t] = va;
    g.tableFirst[t] = g.entries;
    stats.tablesByDepth[depth]++;
    const span = wide ? 2 ** (12 + 9 * (depth - 1)) : depth === 2 ? 0x400000 : 4096;
    const w = r.words;
    const first = g.entries;
    const rLoFixed = reservedLo(mode, depth, 0, pse);
    const rHi = reservedHi(mode, depth, nxe);
    for (let i = 0, at = r.wordIndex(phys); i < n; i++, at += wide ? 2 : 1) {
      const lo = w[at];
      if ((lo & 1) === 0) continue;
      if (g.entries >= maxEntries) {
        stats.truncated = true;
        break;
      }
      const hi = wide ? w[at + 1] : 0;
      const e = g.entries++;
      g.entryLo[e] = lo;
      g.entryHi[e] = hi;
      g.entryIndex[e] = i;
      g.entryTable[e] = t;
      g.entryChild[e] = -1;
      let flags = 0;
      const rLo = lo & 0x80 ? reservedLo(mode, depth, lo, pse) : rLoFixed;
      if ((lo & rLo) !== 0 || (hi & rHi) !== 0) {
        flags |= E_RESERVED;
        stats.reservedEntries++;
      }
      const leaf = isLeaf(mode, depth, lo, pse);
      if (leaf) {
        const addr = wide
          ? (hi & 0xfffff) * TWO32 + (lo & 0xfffff000)
          : depth === 2 // PSE-36: bits 13-20 are physical bits 32-39
            ? ((lo >>> 13) & 0xff) * TWO32 + ((lo & 0xffc00000) >>> 0)
            : (lo & 0xfffff000) >>> 0;
        flags |= E_LEAF;
        if (depth === 1) stats.pages4K++;
        else if (!wide) stats.pages4M++;
        else if (depth === 2) stats.pages2M++;
        else stats.pages1G++;
        if (!r.isRam(addr, 1)) {
          flags |= E_OUTSIDE_RAM;
          stats.leavesOutsideRam++;
        }
      }
      g.entryFlags[e] = flags;
    }
    g.tableCount[t] = g.entries - first;
    stats.presentByDepth[depth] += g.entries - first;
    // Children after all of this table's entries, so each table's entries stay contiguous.
    for (let e = first, end = g.entries; e < end; e++) {
      if (g.entryFlags[e] & E_LEAF) continue;
      const lo = g.entryLo[e];
      const child = wide
        ? (g.entryHi[e] & 0xfffff) * TWO32 + (lo & 0xfffff000)
        : (lo & 0xfffff000) >>> 0;
      if (!r.isRam(child, 4096)) {
        g.entryFlags[e] |= E_OUTSIDE_RAM;
        stats.tablesOutsideRam++;
        continue;
      }
      if (opts.shallow) continue;
      if (seen.has(child)) {
        g.entryFlags[e] |= E_SHARED;
        stats.sharedTables++;
      }
      seen.add(child);
      if (stats.truncated) break;
      g.entryChild[e] = visit(child, depth - 1, va + g.entryIndex[e] * span, e);
    }
    return t;
  };

  const top =
    mode === PagingMode.Level5
      ? 5
      : mode === PagingMode.Level4
        ? 4
        : mode === PagingMode.Pae
          ? 3
          : 2;
  if (mode !== PagingMode.Off) {
    const root = mode === PagingMode.Pae ? cr3 - (cr3 % 32) : cr3 - (cr3 % 4096);
    const depth = opts.root?.depth ?? top;
    if (r.isRam(root, mode === PagingMode.Pae && depth === 3 ? 32 : 4096))
      visit(root, depth, opts.root?.va ?? 0, -1);
  }
  return { mode, cr3, ...g, stats };
}
