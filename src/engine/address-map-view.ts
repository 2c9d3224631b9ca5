import type { BootPlan } from '../boot/index.ts';
import type { PhysicalMemory } from '../core/memory/physical-memory.ts';
import { PagingMode, pagingMode } from '../core/mmu/paging-bits.ts';
import { addressRanges } from '../analysis/index.ts';
import { offsetRegions } from '../analysis/offset-regions.ts';
import type { PagingState } from '../analysis/index.ts';
import { MAP_GLOBAL, MAP_NO_EXECUTE, MAP_USER, MAP_WRITABLE } from './inspector-views.ts';
import type { AddressMapView, MapRegionView } from './inspector-views.ts';

const MODE_NAMES: Record<PagingMode, string> = {
  [PagingMode.Off]: 'paging off',
  [PagingMode.Legacy32]: '32-bit',
  [PagingMode.Pae]: 'PAE',
  [PagingMode.Level4]: '4-level',
  [PagingMode.Level5]: '5-level',
};

/**
 * A canonical address as a map position: the non-canonical hole taken out, so the upper half
 * follows the lower one. `bits` is the width of the virtual address (48, 57, or 32).
 */
export function mapPosition(va: bigint, bits: number): number {
  const top = 1n << BigInt(bits - 1);
  const v = BigInt.asUintN(64, va);
  if (bits === 32 || v < top) return Number(v);
  return Number(v - ((1n << 64n) - 2n * top));
}

/** The virtual address width of a paging mode, for mapPosition: 57, 48 or 32 bits. */
export function addressBits(mode: PagingMode): number {
  return mode === PagingMode.Level5 ? 57 : mode === PagingMode.Level4 ? 48 : 32;
}

const symbolCache = new WeakMap<BootPlan, { bits: number; list: MapRegionView[] }>();

/** The kernel's sized symbols as map regions: built once per boot (and paging width). */
function symbolRegions(plan: BootPlan, bits: number): MapRegionView[] {
  const cached = symbolCache.get(plan);
  if (cached?.bits === bits) return cached.list;
  const list = plan.symbols
    .filter((s) => (s.type === 'func' || s.type === 'object') && s.size > 0n && s.name)
    .map((s) => {
      const lo = mapPosition(s.value, bits);
      return { name: s.name, kind: s.type, lo, hi: lo + Number(s.size) };
    })
    .sort((a, b) => a.lo - b.lo);
  symbolCache.set(plan, { bits, list });
  return list;
}

/**
 * The address-space map: every run of pages that translates (pagescope's own ranges: rights
 * ANDed and ORed down the levels, NX shown) as map positions, and the regions the boot loader
 * named at boot (kernel segments, HHDM, framebuffer, stacks, modules), the kernel's ELF
 * sections, then the direct maps
 * the live tables hold now (identity map, HHDM, other constant-offset regions), and the
 * kernel's symbols.
 */
export function addressMapView(
  state: PagingState,
  mem: PhysicalMemory,
  plan: BootPlan,
): AddressMapView {
  const mode = pagingMode(state.cr0, state.cr4, state.efer);
  const bits = addressBits(mode);
  const runs = mode === PagingMode.Off ? [] : addressRanges(state, mem).runs;
  const n = runs.length;
  const ranges = {
    count: n,
    lo: new Float64Array(n),
    hi: new Float64Array(n),
    phys: new Float64Array(n),
    flags: new Uint8Array(n),
  };
  runs.forEach((r, k) => {
    ranges.lo[k] = mapPosition(r.start, bits);
    ranges.hi[k] = ranges.lo[k] + r.size;
    ranges.phys[k] = r.physStart;
    ranges.flags[k] =
      (r.user ? MAP_USER : 0) |
      (r.writable ? MAP_WRITABLE : 0) |
      (r.noExecute ? MAP_NO_EXECUTE : 0) |
      (r.global ? MAP_GLOBAL : 0);
  });
  const regions: MapRegionView[] = [];
  for (const r of plan.regions) {
    if (!r.virt || r.virt.length === 0n) continue;
    const lo = mapPosition(r.virt.base, bits);
    regions.push({ name: r.name, kind: r.kind, lo, hi: lo + Number(r.virt.length) });
  }
  for (const s of plan.sections) {
    if (s.size === 0n) continue;
    const lo = mapPosition(s.addr, bits);
    regions.push({ name: s.name, kind: 'section', lo, hi: lo + Number(s.size) });
  }
  for (const r of offsetRegions(runs, bits === 57)) {
    const lo = mapPosition(r.start, bits);
    regions.push({ name: r.label, kind: `live ${r.kind}`, lo, hi: lo + Number(r.end - r.start) });
  }
  return {
    mode: MODE_NAMES[mode],
    bits,
    upperHalf: bits === 32 ? null : 2 ** (bits - 1),
    ranges,
    regions,
    symbols: symbolRegions(plan, bits),
  };
}
