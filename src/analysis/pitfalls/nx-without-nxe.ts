import { PagingMode } from '../../core/mmu/paging-bits.ts';
import type { Detector } from './detector.ts';
import { entryLabel, entrySeen, entryWhere, tableKey } from './entry-words.ts';

/**
 * Bit 63 (XD/NX) of an entry means no-execute only while EFER.NXE is set; otherwise it is a
 * reserved bit and every access through the entry faults. Kernels hit this when they write
 * EFER whole (dropping the NXE the loader set) or never set NXE and use NX anyway.
 */
export const nxWithoutNxe: Detector = {
  id: 'nx-without-nxe',
  title: 'an NX bit in an entry while EFER.NXE is clear',
  onEntry(e, ctx) {
    if (e.nxe || e.mode === PagingMode.Legacy32 || e.hi >>> 31 === 0) return;
    // A PAE PDPTE has no XD bit at all: reserved-bits covers it.
    if (e.mode === PagingMode.Pae && e.level === 3) return;
    ctx.report('nx-without-nxe', tableKey(e), `${e.entryAddress}`, {
      severity: 'error',
      what: `${entryLabel(e)} has the NX bit (63) set while EFER.NXE is clear.`,
      where: entryWhere(e, ctx),
      why: `${entrySeen(e)}. Without EFER.NXE bit 63 is reserved: every access through the entry, read, write or fetch, raises #PF with the reserved-bit flag.`,
      fix: 'Set EFER.NXE (read-modify-write the MSR: rdmsr, or in 1 << 11, wrmsr) before using NX, or leave bit 63 clear when NXE is off.',
    });
  },
};
