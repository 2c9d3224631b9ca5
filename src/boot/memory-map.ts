import { alignDown, alignUp, MIB, PAGE } from './bytes.ts';
import { fail, hex } from './errors.ts';
import { ABOVE_4G_BASE, ramLayout } from '../core/memory/ram-layout.ts';

export type RegionType =
  | 'usable'
  | 'reserved'
  | 'acpi-reclaimable'
  | 'acpi-nvs'
  | 'bad'
  | 'bootloader-reclaimable'
  | 'executable-and-modules'
  | 'framebuffer';

/** Where an allocation goes: as high as possible below `below`, or as low as possible from `above`. */
export type Placement = { below: number } | { above: number };

export interface MemoryRegion {
  base: number;
  length: number;
  type: RegionType;
}

/** Firmware-owned ranges the caller knows of (ACPI tables, ROMs...). */
export interface FirmwareRegion {
  base: number;
  length: number;
  type: 'reserved' | 'acpi-reclaimable' | 'acpi-nvs' | 'bad';
}

/** The extended BIOS data area, as SeaBIOS reserves it below 640 KiB (INT 12h then says 639). */
export const EBDA_BASE = 0x9fc00;
const LOW_END = 0xa0000;
const HIGH_BASE = MIB;
/** Regions that may sit next to each other as one entry: Limine merges exactly these. */
const MERGEABLE: RegionType[] = ['usable', 'bootloader-reclaimable'];

/**
 * The physical memory map, the one source of truth every protocol's map is projected from:
 * RAM where QEMU's pc machine puts it (from 3.5 GiB on, split at 3 GiB with the rest at
 * 4 GiB: core/memory/ram-layout.ts) with the PC's holes (the EBDA and the 0xA0000-0xFFFFF
 * VGA/ROM window reserved), the firmware's regions, the framebuffer, and then whatever the
 * boot loader places (kernel, modules, its own structures). Regions are kept sorted and
 * non-overlapping.
 */
export class MemoryMap {
  private regions: MemoryRegion[] = [];

  constructor(
    readonly ramSize: number,
    firmware: readonly FirmwareRegion[] = [],
    framebuffer?: { base: number; length: number },
  ) {
    this.set(0, EBDA_BASE, 'usable');
    this.set(EBDA_BASE, LOW_END, 'reserved');
    this.set(LOW_END, HIGH_BASE, 'reserved');
    const { below4g, above4g } = ramLayout(ramSize);
    this.set(HIGH_BASE, below4g, 'usable');
    this.set(ABOVE_4G_BASE, ABOVE_4G_BASE + above4g, 'usable');
    for (const f of firmware) this.set(f.base, f.base + f.length, f.type);
    // The framebuffer is mapped with its own caching type, so (as Limine does) no other entry
    // may share a page with it: its page-aligned extent is cut out of its neighbours.
    if (framebuffer && framebuffer.length > 0) {
      const { base, length } = framebuffer;
      this.set(alignDown(base, PAGE), alignUp(base + length, PAGE), undefined);
      this.set(base, base + length, 'framebuffer');
    }
  }

  entries(): MemoryRegion[] {
    return this.regions.map((r) => ({ ...r }));
  }

  /** Gives [start, end) the type (none: leaves it out of the map), cutting it out of whatever was there. */
  private set(start: number, end: number, type: RegionType | undefined): void {
    if (end <= start) return;
    const kept: MemoryRegion[] = [];
    for (const r of this.regions) {
      const rEnd = r.base + r.length;
      if (rEnd <= start || r.base >= end) kept.push(r);
      else {
        if (r.base < start) kept.push({ base: r.base, length: start - r.base, type: r.type });
        if (rEnd > end) kept.push({ base: end, length: rEnd - end, type: r.type });
      }
    }
    if (type) kept.push({ base: start, length: end - start, type });
    kept.sort((a, b) => a.base - b.base);
    this.regions = [];
    for (const r of kept) {
      const last = this.regions[this.regions.length - 1];
      if (
        last &&
        last.type === r.type &&
        MERGEABLE.includes(r.type) &&
        last.base + last.length === r.base
      ) {
        last.length += r.length;
      } else this.regions.push(r);
    }
  }

  /**
   * Marks a fixed range (a segment the image must load at) as `type`. It has to lie in RAM,
   * on usable memory or on memory already given this same type.
   */
  claim(base: number, length: number, type: RegionType, what: string): void {
    const end = base + length;
    const { below4g, above4g } = ramLayout(this.ramSize);
    const inRam = end <= below4g || (base >= ABOVE_4G_BASE && end <= ABOVE_4G_BASE + above4g);
    if (!inRam) {
      const ram =
        above4g > 0
          ? `RAM is 0-${hex(below4g)} and ${hex(ABOVE_4G_BASE)}-${hex(ABOVE_4G_BASE + above4g)}`
          : `RAM ends at ${hex(below4g)}`;
      fail('BOOT_SEGMENT_OUTSIDE_RAM', `${what} spans ${hex(base)}-${hex(end)} but ${ram}`);
    }
    for (const r of this.regions) {
      if (r.base + r.length <= base || r.base >= end || r.type === 'usable' || r.type === type)
        continue;
      fail('BOOT_SEGMENT_OVERLAP', `${what} at ${hex(base)}-${hex(end)} overlaps ${describe(r)}`);
    }
    this.set(base, end, type);
  }

  /**
   * Finds room for `size` bytes of usable RAM aligned to `align` and gives it `type`:
   * top-down below an address (Limine's allocator) or bottom-up from one (GRUB placing
   * things after a Multiboot kernel). Returns undefined when nothing fits.
   */
  tryAllocate(size: number, align: number, type: RegionType, where: Placement): number | undefined {
    const usable = this.regions.filter((r) => r.type === 'usable');
    if ('below' in where) usable.reverse();
    for (const r of usable) {
      const end = r.base + r.length;
      const at =
        'below' in where
          ? alignDown(Math.min(end, where.below) - size, align)
          : alignUp(Math.max(r.base, where.above), align);
      if (at < r.base || at + size > end) continue;
      this.set(at, at + size, type);
      return at;
    }
    return undefined;
  }

  allocate(size: number, align: number, type: RegionType, where: Placement, what: string): number {
    const at = this.tryAllocate(size, align, type, where);
    if (at !== undefined) return at;
    return fail(
      'BOOT_OUT_OF_MEMORY',
      `no room for ${what} (${size} bytes) in ${this.ramSize / MIB} MiB of RAM`,
    );
  }

  /**
   * Limine's sanitising of usable memory: each usable entry shrinks to whole pages and, for
   * base revisions 0-2 (`keepFirstPage` false), never covers the first page.
   */
  alignUsable(keepFirstPage: boolean): void {
    this.regions = this.regions.flatMap((r) => {
      if (r.type !== 'usable') return [r];
      const base = Math.max(alignUp(r.base, PAGE), keepFirstPage ? 0 : PAGE);
      const end = alignDown(r.base + r.length, PAGE);
      return end > base ? [{ base, length: end - base, type: r.type }] : [];
    });
  }
}

function describe(r: MemoryRegion): string {
  return `${r.type} memory at ${hex(r.base)}-${hex(r.base + r.length)}`;
}
