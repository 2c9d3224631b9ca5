import { alignDown, alignUp, GIB, PAGE } from './bytes.ts';
import { fail } from './errors.ts';
import { PF_W, PF_X } from './elf.ts';
import type { MappedRange } from './limine-kernel.ts';
import { PageTables } from './limine-paging.ts';
import type { MemoryRegion, RegionType } from './memory-map.ts';

/** The HHDM base Limine uses without randomisation: 4-level and 5-level paging. */
export const HHDM_4LEVEL = 0xffff800000000000n;
export const HHDM_5LEVEL = 0xff00000000000000n;
const FOUR_GIB = 4 * GIB;

export interface AddressSpaceInput {
  levels: 4 | 5;
  revision: number;
  hhdm: bigint;
  kernelRanges: MappedRange[];
  kernelVirt: bigint;
  kernelPhys: number;
  regions: MemoryRegion[];
}

export interface AddressSpace {
  tables: PageTables;
  /** Physical ranges the HHDM maps, [start, end), merged. */
  hhdmCoverage: [number, number][];
  /** Whether the lower half identity-maps memory (base revision 0). */
  identity: boolean;
}

/** Which memory map regions each base revision puts in the direct map (PROTOCOL.md). */
function mapped(revision: number, type: RegionType): boolean {
  if (revision === 0) return true;
  if (revision < 3) return type !== 'reserved' && type !== 'bad';
  return ['usable', 'bootloader-reclaimable', 'executable-and-modules', 'framebuffer'].includes(
    type,
  );
}

/**
 * The page tables Limine builds (build_pagemap): the kernel's ranges with their ELF rights;
 * for base revision 0 an identity map of 0x1000-4 GiB; for revisions 0-2 the HHDM over the
 * first 4 GiB; then the memory map regions the revision maps (above 4 GiB only, below 3),
 * neighbours joined so large pages can cover them; last the framebuffer, write-combining.
 * All direct mappings are supervisor read-write-execute.
 */
export function buildAddressSpace(a: AddressSpaceInput): AddressSpace {
  const t = new PageTables(a.levels);
  const coverage: [number, number][] = [];
  const direct = (base: number, length: number, writeCombining = false) => {
    if (a.revision === 0)
      t.map(BigInt(base), BigInt(base), BigInt(length), {
        write: true,
        noExec: false,
        writeCombining,
      });
    t.map(a.hhdm + BigInt(base), BigInt(base), BigInt(length), {
      write: true,
      noExec: false,
      writeCombining,
    });
    coverage.push([base, base + length]);
  };

  for (const r of a.kernelRanges) {
    const phys = BigInt(a.kernelPhys) + (r.base - a.kernelVirt);
    if (phys < 0n)
      fail(
        'BOOT_OUT_OF_MEMORY',
        'there is no physical room below the kernel for its first segment alignment',
      );
    t.map(r.base, phys, r.length, {
      write: (r.flags & PF_W) !== 0,
      noExec: (r.flags & PF_X) === 0,
    });
  }
  if (a.revision === 0)
    t.map(0x1000n, 0x1000n, BigInt(FOUR_GIB - 0x1000), { write: true, noExec: false });
  if (a.revision < 3) {
    t.map(a.hhdm, 0n, BigInt(FOUR_GIB), { write: true, noExec: false });
    coverage.push([0, FOUR_GIB]);
  }

  let pending: [number, number] | undefined;
  for (const r of a.regions) {
    let base = r.base;
    const top = r.base + r.length;
    if (a.revision < 3 && base < FOUR_GIB) base = FOUR_GIB;
    if (!mapped(a.revision, r.type) || base >= top) {
      if (pending) direct(pending[0], pending[1] - pending[0]);
      pending = undefined;
      continue;
    }
    const lo = alignDown(base, PAGE);
    const hi = alignUp(top, PAGE);
    if (pending && pending[1] === lo) pending[1] = hi;
    else {
      if (pending) direct(pending[0], pending[1] - pending[0]);
      pending = [lo, hi];
    }
  }
  if (pending) direct(pending[0], pending[1] - pending[0]);

  for (const r of a.regions.filter((x) => x.type === 'framebuffer')) {
    const lo = alignDown(r.base, PAGE);
    direct(lo, alignUp(r.base + r.length, PAGE) - lo, true);
  }
  return { tables: t, hhdmCoverage: merge(coverage), identity: a.revision === 0 };
}

function merge(ranges: [number, number][]): [number, number][] {
  const out: [number, number][] = [];
  for (const [s, e] of [...ranges].sort((x, y) => x[0] - y[0])) {
    const last = out[out.length - 1];
    if (last && s <= last[1]) last[1] = Math.max(last[1], e);
    else out.push([s, e]);
  }
  return out;
}
