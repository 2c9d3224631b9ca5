import { PortBus } from '../io-bus.ts';
import { PhysicalMemory } from '../memory/physical-memory.ts';
import {
  CR0_PE,
  CR0_PG,
  CR0_WP,
  CR4_PAE,
  EFER_LMA,
  EFER_LME,
  EFER_NXE,
  PTE_D,
  PTE_P,
  PTE_RW,
  PTE_US,
} from '../mmu/paging-bits.ts';
import { Cpu } from './cpu.ts';
import type { ExceptionSink } from './cpu.ts';
import { CS } from './registers.ts';

/** Descriptor attribute bits (high dword bits 8-23) of flat ring-0 segments. */
export const ATTR_CODE64 = 0x209b00;
export const ATTR_CODE32 = 0xc09b00;
export const ATTR_DATA32 = 0xc09300;

/** Where the identity map's tables live: the first page is left unused, as a null guard. */
const PML4 = 0x1000;
const CR0_ET_NE = 0x30;
const CR4_OSFXSR_OSXMMEXCPT = (1 << 9) | (1 << 10);

/**
 * A CPU already in the state a boot loader would leave it, with no devices: flat ring-0
 * segments and, in 64-bit mode, long mode with 4-level paging identity-mapping all of RAM in
 * 4 KiB pages (the bench wants real TLB behaviour, not one huge page). In 32-bit mode paging
 * is off. Used by `pagescope exec`, the differential tests and the benchmarks.
 */
export function createBareCpu(
  mode: 64 | 32,
  ram: number | PhysicalMemory,
  sink: ExceptionSink,
): Cpu {
  const mem = typeof ram === 'number' ? new PhysicalMemory(ram) : ram;
  const ramSize = mem.size;
  const cpu = new Cpu(mem, new PortBus(), sink);
  for (let s = 0; s < 6; s++) {
    cpu.segLimit[s] = -1;
    cpu.segAttr[s] = ATTR_DATA32;
    cpu.segSel[s] = 0x10;
  }
  cpu.segSel[CS] = 0x08;
  if (mode === 64) {
    identityMap(mem, ramSize);
    cpu.cr3[0] = PML4;
    cpu.cr4 = CR4_PAE | CR4_OSFXSR_OSXMMEXCPT;
    cpu.efer = EFER_LME | EFER_LMA | EFER_NXE;
    cpu.cr0 = CR0_PE | CR0_PG | CR0_WP | CR0_ET_NE;
    cpu.segAttr[CS] = ATTR_CODE64;
  } else {
    cpu.cr0 = CR0_PE | CR0_ET_NE;
    cpu.cr4 = CR4_OSFXSR_OSXMMEXCPT;
    cpu.segAttr[CS] = ATTR_CODE32;
  }
  cpu.updateMode();
  cpu.updateAccessRights();
  return cpu;
}

/** First page-table page of the identity map (see identityMap). */
function firstPt(ramSize: number): number {
  const pts = Math.ceil(ramSize / 4096 / 512);
  return PML4 + 0x2000 + Math.ceil(pts / 512) * 0x1000;
}

/**
 * Frames the guest wrote since the identity map was built: the MMU set their PTEs' Dirty
 * bits. Lets a caller that reuses one RAM clean up after a run without clearing all of it.
 */
export function writtenFrames(mem: PhysicalMemory): number[] {
  const out: number[] = [];
  const pt = firstPt(mem.size);
  for (let p = 1; p < mem.size / 4096; p++)
    if (mem.view.getUint32(pt + p * 8, true) & PTE_D) out.push(p * 4096);
  return out;
}

/**
 * Narrows the identity map to the given [start, end) ranges (everything else not present),
 * and makes them user-accessible when `user`: the shape a user-mode test process sees.
 */
export function mapOnly(mem: PhysicalMemory, ranges: [number, number][], user: boolean): void {
  const v = mem.view;
  const pt = firstPt(mem.size);
  const u = user ? PTE_US : 0;
  for (let p = 1; p < mem.size / 4096; p++) {
    const a = p * 4096;
    const keep = ranges.some(([s, e]) => a + 4096 > s && a < e);
    v.setUint32(pt + p * 8, keep ? a | PTE_P | PTE_RW | u : 0, true);
  }
  // The upper levels must allow user access too: rights are ANDed down the walk.
  for (let e = PML4; e < pt; e += 8) {
    const entry = v.getUint32(e, true);
    if (entry & PTE_P) v.setUint32(e, (entry & ~PTE_US) | u, true);
  }
}

/** PML4 -> one PDPT -> PDs -> PTs mapping [0, ramSize) to itself, writable, supervisor. */
function identityMap(mem: PhysicalMemory, ramSize: number): void {
  const pages = ramSize / 4096;
  const pts = Math.ceil(pages / 512);
  const pds = Math.ceil(pts / 512);
  if (pds > 512) throw new RangeError('identity map limited to 512 GiB');
  const pdpt = PML4 + 0x1000;
  const pdBase = pdpt + 0x1000;
  const ptBase = firstPt(ramSize);
  const v = mem.view;
  const flags = PTE_P | PTE_RW;
  v.setUint32(PML4, pdpt | flags, true);
  for (let d = 0; d < pds; d++) v.setUint32(pdpt + d * 8, (pdBase + d * 0x1000) | flags, true);
  for (let t = 0; t < pts; t++) v.setUint32(pdBase + t * 8, (ptBase + t * 0x1000) | flags, true);
  // Page 0 stays unmapped so null dereferences fault, as most kernels arrange.
  for (let p = 1; p < pages; p++) v.setUint32(ptBase + p * 8, (p * 4096) | flags, true);
}
