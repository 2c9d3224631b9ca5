import { MAXPHYADDR, PagingMode } from '../../core/mmu/paging-bits.ts';
import { reservedBits } from '../entry-decode.ts';
import type { Detector, EntryFacts } from './detector.ts';
import { entryLabel, entryRaw, entrySeen, entryWhere, tableKey } from './entry-words.ts';
import { looksVirtual } from './virtual-address.ts';
import { bitRuns } from './walk-reason.ts';

/**
 * Reserved bits set in a present entry that no more specific detector explains: address bits
 * at or above MAXPHYADDR (garbage, or a table that is not a table), PS in a PML4 or PML5
 * entry, the reserved bits of a PAE PDPTE. Any access through such an entry raises #PF with
 * the reserved-bit flag. NX without NXE, misaligned huge pages and virtual addresses in entries
 * have their own detectors.
 */
export const reservedBitsDetector: Detector = {
  id: 'reserved-bits',
  title: 'reserved bits set in a present entry (address above MAXPHYADDR, PS in a PML4 entry...)',
  onEntry(e, ctx) {
    const bits = unexplained(e);
    if (bits.length === 0) return;
    const why = bits
      .map(reason)
      .filter((r, i, all) => all.indexOf(r) === i)
      .join('; ');
    ctx.report('reserved-bits', tableKey(e), `${e.entryAddress}`, {
      severity: 'error',
      what: `${entryLabel(e)} holds 0x${entryRaw(e).toString(16)}, with reserved bit${bits.length > 1 ? 's' : ''} ${bitRuns(bits)} set.`,
      where: entryWhere(e, ctx),
      why: `${entrySeen(e)}. ${why}: any access through it raises #PF with the reserved-bit flag, and so does delivering that #PF if the IDT is reached through it.`,
      fix: 'Write only a physical address and the flag bits into entries, and clear tables before use; a whole table of such entries means CR3 or the parent entry points at something that is not a table.',
    });
  },
};

function unexplained(e: EntryFacts): number[] {
  const legacy = e.mode === PagingMode.Legacy32;
  const pse = legacy && e.leaf && e.level === 2;
  const pdpte = e.mode === PagingMode.Pae && e.level === 3;
  const huge = e.leaf && e.level > 1;
  const virt = !legacy && looksVirtual(entryRaw(e) & ~0xfffn);
  return reservedBits(e.mode, e.level, e.lo | 0, e.hi | 0, e.nxe, pse).filter((b) => {
    if (b === 63 && !e.nxe && !pdpte) return false; // nx-without-nxe
    if (huge && b >= 13 && b <= 29) return false; // huge-page-alignment
    if (legacy && b === 21) return false; // huge-page-alignment
    if (virt && b >= MAXPHYADDR && b <= 51) return false; // table-address
    return true;
  });
}

function reason(b: number): string {
  if (b >= MAXPHYADDR && b <= 51)
    return `bits ${MAXPHYADDR}-51 are address bits above MAXPHYADDR ${MAXPHYADDR}`;
  if (b === 7) return 'PS is reserved in a PML4 or PML5 entry (no 512 GiB pages)';
  if (b === 63) return 'a PAE PDPTE has no XD bit';
  return 'a PAE PDPTE reserves bits 1, 2 and 5-8';
}
