import {
  CR0_PG,
  CR4_PCIDE,
  MAXPHYADDR,
  PagingMode,
  pagingMode,
} from '../../core/mmu/paging-bits.ts';
import type { ControlWrite } from '../../core/watch/events.ts';
import { hexAddr } from '../hex.ts';
import type { PitfallContext } from './context.ts';
import type { Detector } from './detector.ts';
import { looksVirtual } from './virtual-address.ts';

/**
 * The value in CR3 itself, the blog post's "look at cr3, is the value bogus or 0?": zero, a
 * root past the end of RAM, low bits the CPU ignores, and (refused with #GP) bits above
 * MAXPHYADDR, such as a virtual address. Checked when CR3 is loaded with paging on, and when
 * paging is turned on with the CR3 loaded before.
 */
export const cr3Value: Detector = {
  id: 'cr3-value',
  title: 'CR3 zero, past RAM, with ignored low bits, above MAXPHYADDR, or a virtual address',
  onEvent(e, ctx) {
    if (e.kind === 'control-refused' && e.reg === 'cr3') {
      const virt = looksVirtual(e.value);
      ctx.report('cr3-value', `refused:${e.value}`, `${e.at}`, {
        severity: 'error',
        what: `mov to CR3 with ${hexAddr(e.value)} ${virt ? 'loads a virtual address' : `sets bits above MAXPHYADDR (${MAXPHYADDR})`}: the CPU refused it with #GP.`,
        where: ctx.where(e.at, e.rip, { cr3: e.value }),
        why: `CR3 holds the physical address of the top table, below 2^${MAXPHYADDR} here; ${virt ? 'this is a higher-half virtual address (a pointer, not a frame)' : 'the value has reserved bits set'} (${e.detail}).`,
        fix: virt
          ? 'Load the physical address of the table: subtract the HHDM offset (or the kernel virtual base) from the pointer.'
          : 'Load a physical address: clear the bits above the physical address width.',
      });
      return;
    }
    if (e.kind !== 'control' || (e.after.cr0 & CR0_PG) === 0) return;
    const enabling = e.reg === 'cr0' && (e.before.cr0 & CR0_PG) === 0;
    if (e.reg === 'cr3' || enabling) check(e, ctx);
  },
};

function check(e: ControlWrite, ctx: PitfallContext): void {
  const v = e.after.cr3;
  const mode = pagingMode(e.after.cr0, e.after.cr4, e.after.efer);
  const pae = mode === PagingMode.Pae;
  const base = pae ? v & 0xffffffe0n : v & 0xffffffffff000n;
  const where = ctx.where(e.at, e.rip, { cr3: v });
  const key = `${v}`;
  if (base === 0n) {
    ctx.report('cr3-value', `zero:${key}`, `${e.at}`, {
      severity: 'error',
      what: `CR3 is loaded with ${hexAddr(v)}: the top table is at physical 0.`,
      where,
      why: 'Physical page 0 holds the real-mode interrupt vector table and BIOS data, not page tables: the very next fetch walks garbage (#PF), and so does delivering it.',
      fix: 'Load CR3 with the physical address of your PML4 (check what the allocator returned and that the variable was set before use).',
    });
    return;
  }
  const size = pae ? 32n : 4096n;
  const ram = BigInt(ctx.mem.size);
  if (!ctx.mem.isRam(Number(base)) || !ctx.mem.isRam(Number(base + size - 1n))) {
    ctx.report('cr3-value', `ram:${key}`, `${e.at}`, {
      severity: 'error',
      what: `CR3 is loaded with ${hexAddr(v)}, past the end of RAM (${ram >> 20n} MiB).`,
      where,
      why: 'Nothing answers there: every walk reads all ones (or a device), never your tables.',
      fix: 'Load the physical address of a table in RAM; a value past RAM is often a virtual address or an offset added twice.',
    });
  }
  const ignored = (e.after.cr4 & CR4_PCIDE) !== 0 ? 0n : pae ? v & 0x7n : v & 0xfe7n;
  if (ignored !== 0n)
    ctx.report('cr3-value', `low:${key}`, `${e.at}`, {
      severity: 'warning',
      what: `CR3 is loaded with ${hexAddr(v)}, whose low bits ${hexAddr(ignored)} the CPU ignores: the top table is taken to be at ${hexAddr(base)}.`,
      where,
      why: 'Only bits 3 (PWT) and 4 (PCD) of the low twelve mean anything without CR4.PCIDE; a value with others set is usually a pointer into the middle of a page, so the CPU walks a different table than the one meant.',
      fix: `Load the ${pae ? '32-byte' : 'page'}-aligned physical address of the table (allocate tables page-aligned).`,
    });
}
