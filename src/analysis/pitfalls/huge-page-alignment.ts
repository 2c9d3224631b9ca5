import { PagingMode } from '../../core/mmu/paging-bits.ts';
import { hexAddr } from '../hex.ts';
import type { Detector } from './detector.ts';
import { hugeLowBits } from './entry-sources.ts';
import { entryLabel, entrySeen, entryWhere, tableKey } from './entry-words.ts';

const PAT = 0x1000;

/**
 * A huge page (2 MiB, 1 GiB, or 4 MiB in 32-bit paging) whose address is not aligned to its
 * size. Bit 12 of such a leaf is PAT, so base + 0x1000 maps the aligned base with another
 * memory type (no fault: the wrong memory); the bits above it are reserved (a #PF with the
 * reserved-bit flag), or in a 4 MiB page physical address bits 39:32 (PSE-36).
 */
export const hugePageAlignment: Detector = {
  id: 'huge-page-alignment',
  title: 'a 2 MiB, 1 GiB or 4 MiB page at an address not aligned to its size',
  onEntry(e, ctx) {
    if (!e.leaf || e.level < 2) return;
    const low = hugeLowBits(e.mode, e.level, e.lo);
    if (low === 0) return;
    const legacy = e.mode === PagingMode.Legacy32;
    const size = legacy ? '4 MiB' : e.level === 3 ? '1 GiB' : '2 MiB';
    const patOnly = low === PAT;
    const where = entryWhere(e, ctx);
    const what = `${entryLabel(e)} maps a ${size} page at an address with bits ${hexAddr(low)} set: not ${size} aligned.`;
    const fix = `Map ${size} pages only at ${size}-aligned physical addresses; use 4 KiB pages for the rest.`;
    if (patOnly) {
      ctx.report('huge-page-alignment', `pat:${tableKey(e)}`, `${e.entryAddress}`, {
        severity: 'warning',
        what,
        where,
        why: `${entrySeen(e)}. In a ${size} leaf bit 12 is the PAT bit, not an address bit: the page maps the aligned frame below, with another memory type, and no fault says so (unless PAT was meant, the data is not where the kernel thinks).`,
        fix,
      });
      return;
    }
    ctx.report('huge-page-alignment', `reserved:${tableKey(e)}`, `${e.entryAddress}`, {
      severity: 'error',
      what,
      where,
      why: legacy
        ? `${entrySeen(e)}. In a 4 MiB leaf bits 20:13 are physical address bits 39:32 (PSE-36) and bit 21 is reserved: the page is somewhere else, or faults.`
        : `${entrySeen(e)}. Bits 12 (PAT) and up to the page size are not address bits in a ${size} leaf; those above bit 12 are reserved, so any access through it raises #PF with the reserved-bit flag.`,
      fix,
    });
  },
};
