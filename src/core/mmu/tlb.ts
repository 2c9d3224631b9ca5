import { loadFields, saveFields } from '../machine/snapshot-fields.ts';
import type { FieldState, SavedState } from '../machine/snapshot-fields.ts';
import { TWO32 } from '../pair.ts';

/**
 * A direct-mapped software TLB of 4 KiB translations. Entries hold what the fast path
 * needs to skip the walk: the tag (linear page as a low/high pair), the physical frame, and
 * the accesses the entry allows without a walk. Anything the fast path cannot prove allowed
 * (a write to a clean page, a page holding decoded code, MMIO, SMAP-governed user pages)
 * is left out of `perm` and goes the slow way, which walks, faults or fills again.
 */
export const TLB_BITS = 12;
export const TLB_SIZE = 1 << TLB_BITS;
export const TLB_MASK = TLB_SIZE - 1;

/** perm bits: allowed access kinds for supervisor and for user code. */
export const T_R_SUP = 1;
export const T_W_SUP = 2;
export const T_X_SUP = 4;
export const T_R_USR = 8;
export const T_W_USR = 16;
export const T_X_USR = 32;
/** The access-rights bits of perm (the others say which fast paths the frame allows). */
export const T_RIGHTS = 0x3f;
/** The frame is RAM: reads and fetches can go straight to the buffer. */
export const T_RAM = 64;
/** The frame is RAM holding no decoded code: writes can go straight to the buffer. */
export const T_RAM_W = 128;

/** A tag no linear page can equal: page tags have their low 12 bits clear. */
const EMPTY = 1;

/** The TLB slot of a linear page: low page bits mixed with the high dword so that the
 * higher half (0xffffffff8...) and a direct map (0xffff8000...) do not evict each other. */
export function tlbIndex(lo: number, hi: number): number {
  return ((lo >>> 12) ^ hi) & TLB_MASK;
}

export class Tlb {
  readonly tagLo = new Int32Array(TLB_SIZE).fill(EMPTY);
  readonly tagHi = new Int32Array(TLB_SIZE);
  /** Physical frame address, low dword as int32 bits (physical(i) gives the whole address). */
  readonly frame = new Int32Array(TLB_SIZE);
  /** Physical frame address, high dword (RAM above 4 GiB, MMIO up to 2^52). */
  readonly frameHi = new Int32Array(TLB_SIZE);
  /**
   * Where the frame sits in the RAM buffer (PhysicalMemory.offsetOf) as int32 bits: what the
   * fast paths index with. Meaningful only for entries with T_RAM; equal to `frame` for RAM
   * below 4 GiB.
   */
  readonly ramOffset = new Int32Array(TLB_SIZE);
  readonly perm = new Int32Array(TLB_SIZE);
  /** 1 for a translation from a global leaf (G with CR4.PGE), kept across CR3 loads. */
  readonly global = new Uint8Array(TLB_SIZE);
  /** log2 of the leaf's page size, so invlpg can drop every 4 KiB piece of a large page. */
  readonly sizeLog2 = new Uint8Array(TLB_SIZE);
  /**
   * The protection key of a user page under 4-/5-level paging (0 to 15), -1 for any other
   * entry. A CPU keeps the key in its TLB entry and applies PKRU on every access, so a
   * change of PKRU changes what an entry allows without dropping it (applyKeys).
   */
  readonly pkey = new Int8Array(TLB_SIZE);
  /** The rights (T_RIGHTS bits) of an entry with a key before the key's restrictions. */
  readonly keylessRights = new Int32Array(TLB_SIZE);
  /** Whether any entry came from a large page (invlpg then scans the whole TLB). */
  private hasLarge = false;
  /**
   * Flush counts, for a paging watch (core/watch): a page table no live entry was filled
   * from since the last flush needs no search of the TLB when the guest writes to it.
   * `flushes` counts flushAll and flushNonGlobal, `fullFlushes` flushAll (global entries too).
   */
  flushes = 0;
  fullFlushes = 0;

  /**
   * Fills the slot of (lo, hi) with physical `frame` (up to 2^52) at buffer offset `ramOffset`.
   * A user page with protection key `pkey` keeps `perm` as its keyless rights and gets them
   * less `keyDeny` (what the key takes away now, see protection-keys.ts).
   */
  fill(
    lo: number,
    hi: number,
    frame: number,
    ramOffset: number,
    perm: number,
    global: boolean,
    pageSize: number,
    pkey = -1,
    keyDeny = 0,
  ): number {
    const i = tlbIndex(lo, hi);
    this.tagLo[i] = lo & ~0xfff;
    this.tagHi[i] = hi;
    this.frame[i] = frame | 0;
    this.frameHi[i] = frame / TWO32;
    this.ramOffset[i] = ramOffset | 0;
    this.perm[i] = perm & ~keyDeny;
    this.pkey[i] = pkey;
    this.keylessRights[i] = perm & T_RIGHTS;
    this.global[i] = global ? 1 : 0;
    const log2 = 31 - Math.clz32(pageSize);
    this.sizeLog2[i] = log2;
    if (log2 > 12) this.hasLarge = true;
    return i;
  }

  /** Whether slot `i` holds a translation. */
  holds(i: number): boolean {
    return this.tagLo[i] !== EMPTY;
  }

  /** The physical frame address of entry `i`. */
  physical(i: number): number {
    return this.frameHi[i] * TWO32 + (this.frame[i] >>> 0);
  }

  /** Drops everything (CR3 load with CR4.PGE clear, CR4 paging-bit changes). */
  flushAll(): void {
    this.tagLo.fill(EMPTY);
    this.hasLarge = false;
    this.flushes++;
    this.fullFlushes++;
  }

  /** Drops every non-global entry (CR3 load with CR4.PGE set). */
  flushNonGlobal(): void {
    for (let i = 0; i < TLB_SIZE; i++) if (this.global[i] === 0) this.tagLo[i] = EMPTY;
    this.flushes++;
  }

  /** invlpg: drops the translation of the page holding the address, whatever its size. */
  flushPage(lo: number, hi: number): void {
    const i = tlbIndex(lo, hi);
    if (this.tagLo[i] === (lo & ~0xfff) && this.tagHi[i] === hi) this.tagLo[i] = EMPTY;
    if (!this.hasLarge) return;
    for (let j = 0; j < TLB_SIZE; j++) {
      const log2 = this.sizeLog2[j];
      if (log2 <= 12 || this.tagLo[j] === EMPTY || this.tagHi[j] !== hi) continue;
      const mask = log2 >= 32 ? 0 : ~((1 << log2) - 1);
      const sameLow = log2 >= 32 || (this.tagLo[j] & mask) === (lo & mask);
      if (sameLow) this.tagLo[j] = EMPTY;
    }
  }

  /**
   * PKRU or CR4.PKE changed: every entry with a key gets its keyless rights less what its key
   * takes away now (`deny[key]`). No entry is dropped, so a stale one stays as stale as it was.
   */
  applyKeys(deny: Int32Array): void {
    for (let i = 0; i < TLB_SIZE; i++) {
      const key = this.pkey[i];
      if (key < 0 || this.tagLo[i] === EMPTY) continue;
      this.perm[i] = (this.perm[i] & ~T_RIGHTS) | (this.keylessRights[i] & ~deny[key]);
    }
  }

  /** A frame now holds decoded code: writes through any entry for it must take the slow path. */
  revokeDirectWrites(frame: number): void {
    const f = frame | 0;
    const fHi = Math.floor(frame / TWO32);
    for (let i = 0; i < TLB_SIZE; i++)
      if (this.frame[i] === f && this.frameHi[i] === fHi) this.perm[i] &= ~T_RAM_W;
  }

  /** Frames marked 1 in `marked` (by 4 KiB frame) lose direct writes: one pass for them all. */
  revokeDirectWritesIn(marked: Uint8Array): void {
    for (let i = 0; i < TLB_SIZE; i++) {
      if (this.tagLo[i] === EMPTY || (this.perm[i] & T_RAM_W) === 0) continue;
      const idx = this.physical(i) / 4096;
      if (idx < marked.length && marked[idx] !== 0) this.perm[i] &= ~T_RAM_W;
    }
  }

  /** A snapshot made every RAM page clean: writes must take the slow path to mark them. */
  revokeAllDirectWrites(): void {
    for (let i = 0; i < TLB_SIZE; i++) this.perm[i] &= ~T_RAM_W;
  }

  /**
   * The entries for a machine snapshot. The TLB is state, not a cache: a kernel may rely on
   * a stale entry. The RAM bits are left out: they only say which fast paths the caches
   * around the TLB (decoded code, a paging watch, snapshot page tracking) allow now.
   */
  saveState(): FieldState {
    const s = saveFields(this);
    const perm = s.perm as Int32Array;
    for (let i = 0; i < TLB_SIZE; i++) perm[i] &= ~(T_RAM | T_RAM_W);
    return s;
  }

  /** Loads saveState's entries; `ramBits(frame)` gives each its RAM bits as a fill would. */
  loadState(s: SavedState, ramBits: (frame: number) => number): void {
    loadFields(this, s);
    for (let i = 0; i < TLB_SIZE; i++)
      if (this.tagLo[i] !== EMPTY) this.perm[i] |= ramBits(this.physical(i));
  }

  /**
   * A paging watch (core/watch) saw a write to the tables behind entry `i`: every use of it
   * must take the slow path, which compares it with a fresh walk, until the watch gives the
   * RAM bits back. The rights stay: the entry keeps translating as the CPU's would.
   */
  revokeFastPath(i: number): void {
    this.perm[i] &= ~(T_RAM | T_RAM_W);
  }
}
