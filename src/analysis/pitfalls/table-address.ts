import { MAXPHYADDR, PagingMode } from '../../core/mmu/paging-bits.ts';
import { hexAddr } from '../hex.ts';
import type { Detector } from './detector.ts';
import { entryLabel, entryRaw, entrySeen, entryWhere, tableKey } from './entry-words.ts';
import { entryAddressField, looksVirtual } from './virtual-address.ts';

/** The PC's MMIO window below 4 GiB (framebuffer, I/O APIC, local APIC): pages there are devices. */
const MMIO_START = 0xe0000000n;
const MMIO_END = 0x100000000n;

/**
 * The address field of an entry: a higher-half virtual address where a physical one belongs
 * (the blog post's "your pmm might be returning higher half addresses"), a table pointer past
 * the end of RAM, or a 4 KiB page past RAM outside the MMIO window.
 */
export const tableAddress: Detector = {
  id: 'table-address',
  title: 'an entry holding a virtual address, or pointing past the end of RAM',
  onEntry(e, ctx) {
    const wide = e.mode !== PagingMode.Legacy32;
    const raw = entryRaw(e);
    const addr = wide ? entryAddressField(e.lo, e.hi) : BigInt((e.lo & 0xfffff000) >>> 0);
    const ram = BigInt(ctx.mem.size);
    const inRam = (a: bigint) => ctx.mem.isRam(Number(a));
    const what = e.leaf ? 'page' : 'next table';
    if (wide && looksVirtual(raw & ~0xfffn)) {
      ctx.report('table-address', `virtual:${tableKey(e)}`, `${e.entryAddress}`, {
        severity: 'error',
        what: `${entryLabel(e)} holds ${hexAddr(raw)}: its ${what} address is a higher-half virtual address, not a physical one.`,
        where: entryWhere(e, ctx),
        why: `${entrySeen(e)}. The CPU takes the address field as physical: ${hexAddr(addr)} has bits set above MAXPHYADDR, so any walk through it faults with the reserved-bit flag, including the walks that deliver the fault.`,
        fix: 'Store physical addresses in entries: have the frame allocator return physical addresses and convert to a pointer (add the HHDM offset) only to write the table, or subtract the offset before storing.',
      });
      return;
    }
    // Address bits at or above MAXPHYADDR are reserved: reserved-bits says so.
    if (addr >> BigInt(MAXPHYADDR) !== 0n) return;
    if (!e.leaf && !inRam(addr)) {
      ctx.report('table-address', `outside:${tableKey(e)}`, `${e.entryAddress}`, {
        severity: 'error',
        what: `${entryLabel(e)} points to a table at ${hexAddr(addr)}, past the end of RAM (${ram >> 20n} MiB).`,
        where: entryWhere(e, ctx),
        why: `${entrySeen(e)}. A walk through it reads whatever answers there (all ones on this PC), not a table.`,
        fix: 'Point table entries at tables in RAM; a value past RAM is often a virtual address or an offset added twice.',
      });
      return;
    }
    if (e.leaf && e.level === 1 && !inRam(addr) && !(addr >= MMIO_START && addr < MMIO_END)) {
      ctx.report('table-address', `page-outside:${tableKey(e)}`, `${e.entryAddress}`, {
        severity: 'warning',
        what: `${entryLabel(e)} maps physical ${hexAddr(addr)}, past the end of RAM (${ram >> 20n} MiB) and outside the MMIO window.`,
        where: entryWhere(e, ctx),
        why: `${entrySeen(e)}. Reads there return all ones and writes are lost.`,
        fix: 'Map only frames the memory map reports, or the device addresses you mean.',
      });
    }
  },
};
