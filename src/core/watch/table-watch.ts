import type { Cpu } from '../cpu/cpu.ts';
import { AC } from '../cpu/flags.ts';
import type { PhysicalMemory } from '../memory/physical-memory.ts';
import { ramPerm } from '../mmu/access.ts';
import { ACC_EXEC, ACC_WRITE, PagingMode, pagingMode } from '../mmu/paging-bits.ts';
import { TLB_SIZE } from '../mmu/tlb.ts';
import { walk, WalkResult, WHO_SUPERVISOR_AC, WHO_USER } from '../mmu/walker.ts';
import type { WalkStep } from '../mmu/walker.ts';
import { pairToNumber } from '../pair.ts';
import type { StaleTranslation, TableWrite } from './events.ts';
import { pairBig } from './running-rip.ts';

/** The size of a paging entry in the CPU's current paging mode. */
function entryBytes(c: Cpu): 4 | 8 {
  return pagingMode(c.cr0, c.cr4, c.efer) === PagingMode.Legacy32 ? 4 : 8;
}

/** Entries a walk reads at most (5-level paging). */
const DEPTH = 5;
const R_WRITABLE = 1;
const R_USER = 2;
const R_NX = 4;
const ACCESS_NAMES = ['read', 'write', 'fetch'] as const;

/**
 * The stale-translation machinery of a PagingWatch. Per RAM frame: whether the walker has read
 * paging entries from it (a table frame, like BlockCache's code frames), at which level, and
 * at which TLB flush a cached translation last used it. Per TLB slot: the addresses of the
 * entries its walk read. A guest store into a table frame marks the slots whose walk read the
 * stored entry, and takes their fast-path RAM bits away (Tlb.revokeFastPath); the next use
 * then reaches Cpu.watch through physFor, and `check` compares the cached translation with a
 * fresh walk without side effects. The entry goes on translating as cached, as on a CPU,
 * until invlpg, a CR3 load or eviction refills it.
 */
export class TableWatch {
  /** Steps of the walk in progress: translate() passes it to the walker. */
  readonly trace: WalkStep[] = [];
  private readonly tableFrame: Uint8Array;
  private readonly frameLevel: Uint8Array;
  private readonly frameBytes: Uint8Array;
  /** Tlb.flushes when a non-global entry last came from a walk through the frame (-1: never). */
  private readonly usedAt: Int32Array;
  /** Tlb.fullFlushes when a global entry last did (-1: never). */
  private readonly usedGlobalAt: Int32Array;
  private readonly depAddr = new Float64Array(TLB_SIZE * DEPTH);
  private readonly depCount = new Uint8Array(TLB_SIZE);
  private readonly depTagLo = new Int32Array(TLB_SIZE);
  private readonly depTagHi = new Int32Array(TLB_SIZE);
  private readonly rights = new Uint8Array(TLB_SIZE);
  private readonly suspect = new Uint8Array(TLB_SIZE);
  /** The store that made a slot suspect: entry address, guest time, RIP. */
  private readonly writeAddr = new Float64Array(TLB_SIZE);
  private readonly writeAt = new Float64Array(TLB_SIZE);
  private readonly writeRip: bigint[] = new Array<bigint>(TLB_SIZE).fill(0n);
  private readonly fresh = new WalkResult();

  constructor(private readonly ramOnly: PhysicalMemory) {
    // Indexed by physical frame: RAM above 4 GiB (ram-layout.ts) holds tables too.
    const frames = Math.ceil(ramOnly.end / 4096);
    this.tableFrame = new Uint8Array(frames);
    this.frameLevel = new Uint8Array(frames);
    this.frameBytes = new Uint8Array(frames);
    this.usedAt = new Int32Array(frames).fill(-1);
    this.usedGlobalAt = new Int32Array(frames).fill(-1);
  }

  isTableFrame(frame: number): boolean {
    const idx = frame / 4096;
    return idx < this.tableFrame.length && this.tableFrame[idx] !== 0;
  }

  isSuspect(i: number): boolean {
    return this.suspect[i] !== 0;
  }

  /** translate() filled TLB slot `i` from the walk in `trace`, whose result is c.walkResult. */
  filled(c: Cpu, i: number): void {
    this.record(c, i, c.walkResult);
  }

  /**
   * The watch (re)attached to a CPU whose TLB it did not see filled (entries loaded from a
   * snapshot, or filled while detached): each entry a fresh walk still gives gets that walk's
   * entries as its dependencies (and its tables lose their direct writes, watchFrame). An
   * entry the tables no longer give was made stale while nothing watched: it stays unwatched
   * until refilled, as there is no store to name.
   */
  resync(c: Cpu): void {
    const t = c.tlb;
    const f = this.fresh;
    const cr3 = pairToNumber(c.cr3[0], c.cr3[1]);
    for (let i = 0; i < TLB_SIZE; i++) {
      this.depCount[i] = 0;
      this.suspect[i] = 0;
      if (!t.holds(i)) continue;
      this.trace.length = 0;
      const ok = walk(
        c,
        this.ramOnly,
        cr3,
        t.tagLo[i],
        t.tagHi[i],
        0,
        WHO_SUPERVISOR_AC,
        false,
        f,
        this.trace,
      );
      if (ok && f.physPage === t.physical(i)) this.record(c, i, f);
    }
  }

  /**
   * Frame `idx` holds a paging structure at `level` with `bytes`-byte entries, whether or not
   * a walk has read it yet: stores into it reach `stored` from now on.
   */
  watchFrame(c: Cpu, idx: number, level: number, bytes: number): void {
    // Stores into it must reach the watch: entries mapping it lose their direct writes.
    if (this.mark(idx, level, bytes)) c.tlb.revokeDirectWrites(idx * 4096);
  }

  /**
   * watchFrame for the tables at physical `phys[t]` (levels `levels[t]`), t < count, that
   * are not table frames yet (frames walks read keep the level they read them at); the TLB
   * is searched once for them all.
   */
  watchFrames(c: Cpu, phys: ArrayLike<number>, levels: ArrayLike<number>, count: number): void {
    const bytes = entryBytes(c);
    let added = false;
    for (let t = 0; t < count; t++) {
      const idx = Math.floor(phys[t] / 4096);
      if (idx < this.tableFrame.length && this.tableFrame[idx] === 0)
        added = this.mark(idx, levels[t], bytes) || added;
    }
    if (added) c.tlb.revokeDirectWritesIn(this.tableFrame);
  }

  /** Marks frame `idx` a table frame at `level`; whether it was not one before. */
  private mark(idx: number, level: number, bytes: number): boolean {
    if (idx >= this.tableFrame.length) return false;
    const added = this.tableFrame[idx] === 0;
    this.tableFrame[idx] = 1;
    this.frameLevel[idx] = level;
    this.frameBytes[idx] = bytes;
    return added;
  }

  /** Slot `i` holds the translation `r`, from the walk in `trace`. */
  private record(c: Cpu, i: number, r: WalkResult): void {
    const t = c.tlb;
    const steps = this.trace;
    const n = Math.min(steps.length, DEPTH);
    const bytes = entryBytes(c);
    const global = t.global[i] !== 0;
    for (let k = 0; k < n; k++) {
      const s = steps[k];
      const idx = Math.floor(s.entryAddr / 4096);
      this.depAddr[i * DEPTH + k] = s.entryAddr;
      if (idx >= this.tableFrame.length) continue;
      this.watchFrame(c, idx, s.level, bytes);
      this.usedAt[idx] = t.flushes;
      if (global) this.usedGlobalAt[idx] = t.fullFlushes;
    }
    this.depCount[i] = n;
    this.depTagLo[i] = t.tagLo[i];
    this.depTagHi[i] = t.tagHi[i];
    this.rights[i] = (r.writable ? R_WRITABLE : 0) | (r.user ? R_USER : 0) | (r.nx ? R_NX : 0);
    this.suspect[i] = 0;
  }

  /**
   * A guest store of `size` bytes of `v` at physical `p`, in a table frame, about to happen.
   * Marks the TLB slots whose walk read the entry; returns the write as an event, or null
   * when it changes nothing.
   */
  stored(c: Cpu, p: number, size: number, v: number, at: number, rip: bigint): TableWrite | null {
    const idx = Math.floor(p / 4096);
    const bytes = this.frameBytes[idx] as 4 | 8;
    const entry = p - (p % bytes);
    const mem = this.ramOnly;
    const beforeLo = mem.read(entry, 4);
    const beforeHi = bytes === 8 ? mem.read(entry + 4, 4) : 0;
    const before = pairBig(beforeLo, beforeHi);
    const shift = BigInt(8 * (p - entry));
    const mask = ((1n << BigInt(8 * size)) - 1n) << shift;
    const after = (before & ~mask) | ((BigInt(v >>> 0) << shift) & mask);
    if (after === before) return null;
    const t = c.tlb;
    if (this.usedAt[idx] === t.flushes || this.usedGlobalAt[idx] === t.fullFlushes) {
      for (let s = 0; s < TLB_SIZE; s++) {
        const n = this.depCount[s];
        if (n === 0 || t.tagLo[s] !== this.depTagLo[s] || t.tagHi[s] !== this.depTagHi[s]) continue;
        for (let k = 0; k < n; k++) {
          if (this.depAddr[s * DEPTH + k] !== entry) continue;
          if (this.suspect[s] === 0) {
            this.suspect[s] = 1;
            this.writeAddr[s] = entry;
            this.writeAt[s] = at;
            this.writeRip[s] = rip;
          }
          t.revokeFastPath(s);
        }
      }
    }
    return {
      kind: 'table-write',
      at,
      rip,
      entryAddress: entry,
      entryBytes: bytes,
      level: this.frameLevel[idx],
      before,
      after,
      complete: (p + size) % bytes === 0,
    };
  }

  /**
   * A use of TLB slot `i`, which is suspect (isSuspect). Walks again
   * without side effects: an answer other than the cached one is a stale translation in use,
   * returned as an event; the slot gets its RAM bits back. A change of rights that this
   * access does not feel keeps the slot suspect, so a later access that does is caught.
   */
  check(c: Cpu, i: number, lo: number, hi: number, access: number, at: number, rip: bigint) {
    const t = c.tlb;
    const who = c.cpl === 3 ? WHO_USER : (c.flags & AC) !== 0 ? WHO_SUPERVISOR_AC : 0;
    const f = this.fresh;
    const cr3 = pairToNumber(c.cr3[0], c.cr3[1]);
    const ok = walk(c, this.ramOnly, cr3, lo, hi, access, who, false, f);
    const cached = t.physical(i);
    if (ok && f.physPage === cached) {
      const now = (f.writable ? R_WRITABLE : 0) | (f.user ? R_USER : 0) | (f.nx ? R_NX : 0);
      if (now !== this.rights[i]) return null;
      this.release(c, i);
      return null;
    }
    this.release(c, i);
    const event: StaleTranslation = {
      kind: 'stale-translation',
      at,
      rip,
      va: pairBig(lo, hi),
      access: ACCESS_NAMES[access === ACC_WRITE ? 1 : access === ACC_EXEC ? 2 : 0],
      cachedPhys: BigInt(cached + (lo & 0xfff)),
      current: ok
        ? { phys: BigInt(f.physPage + (lo & 0xfff)) }
        : { fault: `${f.reason} at level ${f.faultLevel}` },
      entryAddress: this.writeAddr[i],
      writeAt: this.writeAt[i],
      writeRip: this.writeRip[i],
    };
    return event;
  }

  /** Ends a slot's suspicion: its RAM bits come back as a fill now would grant them. */
  private release(c: Cpu, i: number): void {
    this.suspect[i] = 0;
    c.tlb.perm[i] |= ramPerm(c, c.tlb.physical(i));
  }
}
