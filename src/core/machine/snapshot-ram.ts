import type { PhysicalMemory } from '../memory/physical-memory.ts';

export const PAGE_SIZE = 4096;
/** Pages a group: an image shares whole groups no page of which changed. */
export const GROUP_PAGES = 256;

/** A page's bytes, or null for a page of zeros. Never changed once in an image. */
export type RamPage = Uint8Array | null;

/**
 * Guest RAM at one moment, copy-on-write by pages: an image made after another keeps the
 * other's pages (and whole groups of them) where RAM did not change in between, and copies
 * only the pages written since (PhysicalMemory.written). A null group is all zeros. Plain
 * data: structured clone copies it whole.
 */
export interface RamImage {
  size: number;
  groups: (RamPage[] | null)[];
}

function anyWritten(written: Uint8Array, first: number, end: number): boolean {
  for (let p = first; p < end; p++) if (written[p] !== 0) return true;
  return false;
}

/** The page's bytes, or null when they are all zero (most of RAM at boot). */
function copyPage(ram: Uint8Array, words: Int32Array, p: number): RamPage {
  const w = p * (PAGE_SIZE / 4);
  // OR four words a step without an early exit: twice as fast over the zero pages of a
  // first capture as a test of each word.
  let any = 0;
  for (let i = w; i < w + PAGE_SIZE / 4; i += 4)
    any |= words[i] | words[i + 1] | words[i + 2] | words[i + 3];
  return any === 0 ? null : ram.slice(p * PAGE_SIZE, (p + 1) * PAGE_SIZE);
}

function ramWords(mem: PhysicalMemory): Int32Array {
  return new Int32Array(mem.ram.buffer, mem.ram.byteOffset, mem.size / 4);
}

/**
 * Captures RAM. `base` is the image RAM equalled when the written marks were last cleared
 * (null: none, every page is read). Clears the marks: `base` for the next capture is this
 * image. The caller must take direct-write rights away from the TLB (Tlb.revokeAllDirectWrites)
 * so the next write to each page marks it.
 */
export function captureRam(mem: PhysicalMemory, base: RamImage | null): RamImage {
  const pages = mem.size / PAGE_SIZE;
  const written = mem.written;
  const words = ramWords(mem);
  const groups: (RamPage[] | null)[] = [];
  for (let first = 0; first < pages; first += GROUP_PAGES) {
    const end = Math.min(pages, first + GROUP_PAGES);
    const old = base === null ? null : base.groups[groups.length];
    if (base !== null && !anyWritten(written, first, end)) {
      groups.push(old);
      continue;
    }
    const group: RamPage[] = old?.slice() ?? new Array<RamPage>(end - first).fill(null);
    for (let p = first; p < end; p++)
      if (base === null || written[p] !== 0) group[p - first] = copyPage(mem.ram, words, p);
    groups.push(group.every((page) => page === null) ? null : group);
  }
  written.fill(0);
  return { size: mem.size, groups };
}

/**
 * Makes RAM equal `target`. With `base` (the image RAM equalled when the written marks were
 * last cleared) only pages written since or different between the two images are copied;
 * without it, every page. Calls `rewritten` with each page number copied. Clears the marks:
 * `target` becomes the base.
 */
export function restoreRam(
  mem: PhysicalMemory,
  target: RamImage,
  base: RamImage | null,
  rewritten: (page: number) => void,
): void {
  if (target.size !== mem.size)
    throw new RangeError(`snapshot of ${target.size} bytes of RAM, machine has ${mem.size}`);
  const pages = mem.size / PAGE_SIZE;
  const written = mem.written;
  for (let g = 0, first = 0; first < pages; g++, first += GROUP_PAGES) {
    const end = Math.min(pages, first + GROUP_PAGES);
    const to = target.groups[g];
    const from = base === null ? undefined : base.groups[g];
    if (to === from && !anyWritten(written, first, end)) continue;
    for (let p = first; p < end; p++) {
      const page = to === null ? null : to[p - first];
      const same = from !== undefined && written[p] === 0 && page === (from?.[p - first] ?? null);
      if (same) continue;
      if (page === null) mem.ram.fill(0, p * PAGE_SIZE, (p + 1) * PAGE_SIZE);
      else mem.ram.set(page, p * PAGE_SIZE);
      rewritten(p);
    }
  }
  written.fill(0);
}

/**
 * The bytes a changing set of RAM images holds, each shared page and group counted once,
 * kept as images come and go: an image shares most groups with the one before, so adding
 * or removing it costs a look at each group and at the pages of its new groups only.
 */
export class RamLedger {
  private readonly groupRefs = new Map<RamPage[], number>();
  private readonly pageRefs = new Map<Uint8Array, number>();
  bytes = 0;

  add(image: RamImage): void {
    for (const group of image.groups) if (group !== null) this.count(group, 1);
  }

  remove(image: RamImage): void {
    for (const group of image.groups) if (group !== null) this.count(group, -1);
  }

  private count(group: RamPage[], delta: 1 | -1): void {
    const refs = (this.groupRefs.get(group) ?? 0) + delta;
    if (refs === 0) this.groupRefs.delete(group);
    else this.groupRefs.set(group, refs);
    // Only a group's first arrival or last departure changes what its pages hold.
    if (refs !== (delta === 1 ? 1 : 0)) return;
    // A group is an array of references: count 8 bytes a slot.
    this.bytes += delta * GROUP_PAGES * 8;
    for (const page of group) {
      if (page === null) continue;
      const n = (this.pageRefs.get(page) ?? 0) + delta;
      if (n === 0) this.pageRefs.delete(page);
      else this.pageRefs.set(page, n);
      if (n === (delta === 1 ? 1 : 0)) this.bytes += delta * PAGE_SIZE;
    }
  }
}

/** Bytes the images hold together: each shared page and group counted once. */
export function ramImagesBytes(images: readonly RamImage[]): number {
  const ledger = new RamLedger();
  for (const image of images) ledger.add(image);
  return ledger.bytes;
}
