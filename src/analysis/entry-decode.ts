import { MAXPHYADDR, PagingMode, pkeyOf } from '../core/mmu/paging-bits.ts';

/** Names of the levels as the SDM calls their tables; PAE's top level is four PDPTE registers. */
export type LevelName = 'PML5' | 'PML4' | 'PDPT' | 'PD' | 'PT' | 'PDPTE';

/** The walker's level number (5 = PML5 ... 1 = PT; PAE 3 = PDPTE) as a name, for a mode. */
export function levelName(mode: PagingMode, level: number): LevelName {
  if (mode === PagingMode.Pae && level === 3) return 'PDPTE';
  return (['PT', 'PD', 'PDPT', 'PML4', 'PML5'] as const)[level - 1];
}

/** The linear-address bits that index a level: [high, low]. */
export function indexBits(mode: PagingMode, level: number): [number, number] {
  if (mode === PagingMode.Legacy32) return level === 2 ? [31, 22] : [21, 12];
  if (mode === PagingMode.Pae && level === 3) return [31, 30];
  const lo = 12 + 9 * (level - 1);
  return [lo + 8, lo];
}

/** Every bit of one paging-structure entry, decoded for the level it sits at. */
export interface DecodedEntry {
  present: boolean;
  /** R/W: writes allowed (with every level above; CR0.WP decides for supervisor writes). */
  writable: boolean;
  /** U/S: CPL 3 allowed (with every level above). */
  user: boolean;
  /** Page-level write-through and cache-disable. */
  pwt: boolean;
  pcd: boolean;
  accessed: boolean;
  /** Dirty: meaningful in leaves only; ignored in table pointers. */
  dirty: boolean;
  /** Bit 7 as PS, in PDPT/PD entries (and 32-bit PDEs): this entry maps a page. */
  pageSize: boolean;
  /** PAT: bit 7 of a 4 KiB PTE, bit 12 of a huge-page leaf. */
  pat: boolean;
  /** Global: meaningful in leaves only (with CR4.PGE). */
  global: boolean;
  /** XD, bit 63 (8-byte entries): no instruction fetch when EFER.NXE = 1. */
  noExecute: boolean;
  /** The address field: the next table, or the page frame for a leaf. */
  address: bigint;
  /** Set bits that must be 0 here (they make the walk fault with RSVD). */
  reservedBits: number[];
  /** Bits software may use: 9-11, and 52-58 in 8-byte entries. */
  available: number;
  /**
   * Protection key, bits 62:59 of a 4- or 5-level leaf, when CR4.PKE = 1; null otherwise
   * (the bits are then ignored, never reserved).
   */
  protectionKey: number | null;
}

/** Whether an entry is a leaf: a PT entry, or a PS entry where PS means a page. */
export function isLeaf(mode: PagingMode, level: number, lo: number, pse: boolean): boolean {
  if (level === 1) return true;
  if ((lo & 0x80) === 0) return false;
  if (mode === PagingMode.Legacy32) return level === 2 && pse;
  if (mode === PagingMode.Pae && level === 3) return false;
  return level === 2 || level === 3;
}

/** Pushes the positions of the bits set in `v` (a uint32), offset by `base`. */
function bitsOf(v: number, base: number, out: number[]): void {
  for (let i = 0; i < 32; i++) if ((v >>> i) & 1) out.push(base + i);
}

/**
 * Reserved bits that are set, by the same rules as the walker (SDM Vol. 3, tables 4-6, 4-14,
 * 4-15, 4-19): physical-address bits from MAXPHYADDR to 51; XD without EFER.NXE; PS in a
 * PML4E or PML5E; PAE PDPTE bits 1, 2, 5-8 and 63; the low address bits of huge pages; bit
 * 21 of a 32-bit 4 MiB page (PSE-36 gives it bits 32-39 only).
 */
export function reservedBits(
  mode: PagingMode,
  level: number,
  lo: number,
  hi: number,
  nxe: boolean,
  pse: boolean,
): number[] {
  const out: number[] = [];
  bitsOf(lo & reservedLo(mode, level, lo, pse), 0, out);
  bitsOf(hi & reservedHi(mode, level, nxe), 32, out);
  return out;
}

/** The reserved positions of an entry's low dword, which depend on PS (see reservedBits). */
export function reservedLo(mode: PagingMode, level: number, lo: number, pse: boolean): number {
  if (mode === PagingMode.Legacy32) return level === 2 && pse && lo & 0x80 ? 1 << 21 : 0;
  if (mode === PagingMode.Pae && level === 3) return 0x1e6;
  if (level >= 4) return 0x80;
  if (lo & 0x80 && level === 3) return 0x3fffe000;
  if (lo & 0x80 && level === 2) return 0x1fe000;
  return 0;
}

const ADDR_RSVD_HI = ((1 << (52 - MAXPHYADDR)) - 1) << (MAXPHYADDR - 32);

/** The reserved positions of an entry's high dword: address bits past MAXPHYADDR, and XD. */
export function reservedHi(mode: PagingMode, level: number, nxe: boolean): number {
  if (mode === PagingMode.Legacy32) return 0;
  if ((mode === PagingMode.Pae && level === 3) || !nxe) return ADDR_RSVD_HI | 0x80000000;
  return ADDR_RSVD_HI;
}

export function decodeEntry(
  mode: PagingMode,
  level: number,
  lo: number,
  hi: number,
  nxe: boolean,
  pse: boolean,
  pke = false,
): DecodedEntry {
  const leaf = isLeaf(mode, level, lo, pse);
  const huge = leaf && level > 1;
  let address: bigint;
  if (mode === PagingMode.Legacy32) {
    address = huge
      ? (BigInt((lo >>> 13) & 0xff) << 32n) | BigInt((lo & 0xffc00000) >>> 0)
      : BigInt((lo & 0xfffff000) >>> 0);
  } else {
    const lowMask = huge ? (level === 3 ? 0xc0000000 : 0xffe00000) : 0xfffff000;
    address = (BigInt(hi & 0xfffff) << 32n) | BigInt((lo & lowMask) >>> 0);
  }
  const wide = mode !== PagingMode.Legacy32;
  const keyed = pke && (mode === PagingMode.Level4 || mode === PagingMode.Level5);
  return {
    present: (lo & 1) !== 0,
    writable: (lo & 2) !== 0,
    user: (lo & 4) !== 0,
    pwt: (lo & 8) !== 0,
    pcd: (lo & 0x10) !== 0,
    accessed: (lo & 0x20) !== 0,
    dirty: (lo & 0x40) !== 0,
    pageSize: level > 1 && (lo & 0x80) !== 0,
    pat: huge ? (lo & 0x1000) !== 0 : level === 1 && (lo & 0x80) !== 0,
    global: (lo & 0x100) !== 0,
    noExecute: wide && (hi & 0x80000000) !== 0,
    address,
    reservedBits: (lo & 1) !== 0 ? reservedBits(mode, level, lo, hi, nxe, pse) : [],
    available: ((lo >>> 9) & 7) | (wide ? ((hi >>> 20) & 0x7f) << 3 : 0),
    protectionKey: keyed && leaf ? pkeyOf(hi) : null,
  };
}
