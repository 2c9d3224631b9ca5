import type { PhysicalMemory } from '../core/memory/physical-memory.ts';
import { CR4_LA57, CR4_PSE, EFER_NXE, PagingMode, pagingMode } from '../core/mmu/paging-bits.ts';
import { TWO32 } from '../core/pair.ts';
import { isLeaf, reservedHi, reservedLo } from './entry-decode.ts';
import { canonicalBigInt } from './hex.ts';
import { cr3Number } from './paging-state.ts';
import type { PagingState } from './paging-state.ts';
import { RamReader } from './ram-reader.ts';

/**
 * pagescope's own view of an address space: runs of pages that translate, merged only where
 * the effective rights (U/S and R/W ANDed down the levels, NX ORed), the leaf's G bit and
 * physical contiguity all continue. Unlike QEMU's `info mem` it shows NX and where each run
 * lands physically, never merges across the canonical hole, and leaves out entries the CPU
 * would fault on (reserved bits set), counting them instead.
 */
export interface RangeRun {
  /** Canonical first address; `end` is exclusive (2^64 for a run ending at the top). */
  start: bigint;
  end: bigint;
  size: number;
  physStart: number;
  physEnd: number;
  user: boolean;
  writable: boolean;
  noExecute: boolean;
  global: boolean;
  /** Leaves (pages of any size) in the run. */
  pages: number;
}

export interface RangesResult {
  runs: RangeRun[];
  /** Present entries skipped because a reserved bit is set. */
  reservedEntries: number;
  /** Table pointers skipped because the table is outside RAM. */
  tablesOutsideRam: number;
}

/** RawRuns rights bits. */
export const RUN_USER = 1;
export const RUN_WRITABLE = 2;
export const RUN_NX = 4;
export const RUN_GLOBAL = 8;
const U = RUN_USER;
const W = RUN_WRITABLE;
const X = RUN_NX;
const GL = RUN_GLOBAL;

class RunCollector {
  // The open run, in raw (non-canonical) addresses.
  private va = -1;
  private vaEnd = -1;
  private pa = 0;
  private paEnd = 0;
  private rights = -1;
  private pages = 0;
  /** Closed runs, six numbers each; a typed array, grown by doubling, holds a million runs cheaply. */
  done = new Float64Array(6 * 1024);
  length = 0;

  constructor(private readonly hole: number) {}

  add(va: number, size: number, pa: number, rights: number): void {
    if (rights === this.rights && va === this.vaEnd && pa === this.paEnd && va !== this.hole) {
      this.vaEnd += size;
      this.paEnd += size;
      this.pages++;
      return;
    }
    this.flush();
    this.va = va;
    this.vaEnd = va + size;
    this.pa = pa;
    this.paEnd = pa + size;
    this.rights = rights;
    this.pages = 1;
  }

  flush(): void {
    if (this.va >= 0) this.close();
    this.va = -1;
    this.vaEnd = -1;
    this.rights = -1;
  }

  /** Appends the open run to `done`. */
  private close(): void {
    if (this.length + 6 > this.done.length) {
      const bigger = new Float64Array(this.done.length * 2);
      bigger.set(this.done);
      this.done = bigger;
    }
    const d = this.done;
    const n = this.length;
    d[n] = this.va;
    d[n + 1] = this.vaEnd;
    d[n + 2] = this.pa;
    d[n + 3] = this.paEnd;
    d[n + 4] = this.rights;
    d[n + 5] = this.pages;
    this.length = n + 6;
  }
}

/**
 * The runs in raw numbers, six a run: virtual start and end (raw, below 2^57, exact in a
 * double, in ascending order), physical start and end, the rights bits (RUN_USER ...) and the
 * page count. For sweeps over hundreds of thousands of runs (the diff) without a BigInt a run.
 */
export interface RawRuns {
  data: Float64Array;
  la57: boolean;
  reservedEntries: number;
  tablesOutsideRam: number;
}

export function rawRuns(
  state: PagingState,
  mem: PhysicalMemory,
  opts: { cr3?: bigint } = {},
): RawRuns {
  const mode = pagingMode(state.cr0, state.cr4, state.efer);
  const la57 = (state.cr4 & CR4_LA57) !== 0;
  const nxe = (state.efer & EFER_NXE) !== 0;
  const pse = (state.cr4 & CR4_PSE) !== 0;
  const r = new RamReader(mem, 0);
  const wide = mode !== PagingMode.Legacy32;
  const out = new RunCollector(
    mode === PagingMode.Level5 ? 2 ** 56 : mode === PagingMode.Level4 ? 2 ** 47 : -1,
  );
  const result = { reservedEntries: 0, tablesOutsideRam: 0 };

  const visit = (phys: number, depth: number, va: number, up: number): void => {
    const n = mode === PagingMode.Pae && depth === 3 ? 4 : wide ? 512 : 1024;
    const span = wide ? 2 ** (12 + 9 * (depth - 1)) : depth === 2 ? 0x400000 : 4096;
    const w = r.words;
    const rHi = reservedHi(mode, depth, nxe);
    const pdpte = mode === PagingMode.Pae && depth === 3;
    for (let i = 0, at = r.wordIndex(phys); i < n; i++, at += wide ? 2 : 1) {
      const lo = w[at];
      if ((lo & 1) === 0) continue;
      const hi = wide ? w[at + 1] : 0;
      if ((lo & reservedLo(mode, depth, lo, pse)) !== 0 || (hi & rHi) !== 0) {
        result.reservedEntries++;
        continue;
      }
      let rights = up;
      if (!pdpte) {
        if ((lo & 4) === 0) rights &= ~U;
        if ((lo & 2) === 0) rights &= ~W;
        if (nxe && (hi & 0x80000000) !== 0) rights |= X;
      }
      const v = va + i * span;
      if (isLeaf(mode, depth, lo, pse)) {
        const base = wide
          ? (hi & 0xfffff) * TWO32 + ((lo & 0xfffff000 & ~(span - 1)) >>> 0)
          : depth === 2
            ? ((lo >>> 13) & 0xff) * TWO32 + ((lo & 0xffc00000) >>> 0)
            : (lo & 0xfffff000) >>> 0;
        out.add(v, span, base, rights | (lo & 0x100 ? GL : 0));
        continue;
      }
      const table = wide
        ? (hi & 0xfffff) * TWO32 + ((lo & 0xfffff000) >>> 0)
        : (lo & 0xfffff000) >>> 0;
      if (!r.isRam(table, 4096)) result.tablesOutsideRam++;
      else visit(table, depth - 1, v, rights);
    }
  };

  if (mode !== PagingMode.Off) {
    const cr3 = cr3Number(state, opts.cr3);
    const top =
      mode === PagingMode.Level5
        ? 5
        : mode === PagingMode.Level4
          ? 4
          : mode === PagingMode.Pae
            ? 3
            : 2;
    const root = mode === PagingMode.Pae ? cr3 - (cr3 % 32) : cr3 - (cr3 % 4096);
    if (r.isRam(root, 32)) visit(root, top, 0, U | W);
  }
  out.flush();
  return { data: out.done.subarray(0, out.length), la57, ...result };
}

export function addressRanges(
  state: PagingState,
  mem: PhysicalMemory,
  opts: { cr3?: bigint } = {},
): RangesResult {
  const raw = rawRuns(state, mem, opts);
  const { reservedEntries, tablesOutsideRam } = raw;
  const result: RangesResult = { runs: [], reservedEntries, tablesOutsideRam };
  const d = raw.data;
  for (let i = 0; i < d.length; i += 6) {
    const start = canonicalBigInt(d[i], raw.la57);
    const size = d[i + 1] - d[i];
    result.runs.push({
      start,
      end: start + BigInt(size),
      size,
      physStart: d[i + 2],
      physEnd: d[i + 3],
      user: (d[i + 4] & RUN_USER) !== 0,
      writable: (d[i + 4] & RUN_WRITABLE) !== 0,
      noExecute: (d[i + 4] & RUN_NX) !== 0,
      global: (d[i + 4] & RUN_GLOBAL) !== 0,
      pages: d[i + 5],
    });
  }
  return result;
}
