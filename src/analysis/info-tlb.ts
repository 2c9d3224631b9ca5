import type { PhysicalMemory } from '../core/memory/physical-memory.ts';
import { CR4_LA57, CR4_PSE, PagingMode, pagingMode } from '../core/mmu/paging-bits.ts';
import { TWO32 } from '../core/pair.ts';
import { AsciiSink, linesOf, put8, putCanonical } from './ascii-sink.ts';
import { cr3Number } from './paging-state.ts';
import type { PagingState } from './paging-state.ts';
import { RamReader, tableAddr } from './ram-reader.ts';

/**
 * QEMU's `info tlb` (monitor.c print_pte and tlb_info_*, QEMU 7.2), byte for byte: one line
 * per present leaf in address order, `vaddr: entry&mask XGPDACTUW`. The flags are the leaf's
 * own bits. QEMU's masks are kept as they are, odd ones included: 4 KiB leaves lose bit 7
 * (PAT) so `P` never shows on them; PAE masks keep the entry's top bits, so NX shows in the
 * address (8000000000501000), and PAE 2 MiB pages keep bit 20; 4 MiB pages keep bit 21.
 */
export function infoTlbLines(state: PagingState, mem: PhysicalMemory, opts: { cr3?: bigint } = {}) {
  return linesOf(infoTlb(state, mem, opts));
}

const FLAG_CHARS = [...'GPDACTUW'].map((c) => c.charCodeAt(0));
const DASH = 0x2d;

class TlbPrinter {
  readonly out = new AsciiSink();
  constructor(private readonly la57: boolean) {}

  /** A leaf at `va` (raw, below 2^57): `hi`/`lo` already masked, `flagLo`/`flagHi` its bits. */
  leaf(va: number, hi: number, lo: number, flagLo: number, flagHi: number): void {
    const b = this.out.ensure(64);
    let n = putCanonical(b, this.out.n, va, this.la57);
    b[n++] = 0x3a; // ':'
    b[n++] = 0x20;
    n = put8(b, put8(b, n, hi), lo);
    b[n++] = 0x20;
    b[n++] = (flagHi & 0x80000000) !== 0 ? 0x58 : DASH; // X
    for (let i = 0; i < 8; i++) b[n++] = flagLo & (1 << (8 - i)) ? FLAG_CHARS[i] : DASH;
    b[n++] = 0x0a;
    this.out.n = n;
  }
}

export function infoTlb(
  state: PagingState,
  mem: PhysicalMemory,
  opts: { cr3?: bigint } = {},
): string {
  const mode = pagingMode(state.cr0, state.cr4, state.efer);
  if (mode === PagingMode.Off) return 'PG disabled\n';
  const r = new RamReader(mem, 0);
  const out = new TlbPrinter((state.cr4 & CR4_LA57) !== 0);
  const cr3 = cr3Number(state, opts.cr3);
  const root = tableAddr(cr3 >>> 0, Math.floor(cr3 / TWO32));
  if (mode === PagingMode.Level5) {
    for (let l0 = 0; l0 < 512; l0++) {
      const e = r.u32At(root + l0 * 8);
      if (e & 1) tlbLa48(r, tableAddr(e, r.u32At(root + l0 * 8 + 4)), l0 * 2 ** 48, out);
    }
  } else if (mode === PagingMode.Level4) tlbLa48(r, root, 0, out);
  else if (mode === PagingMode.Pae) tlbPae(r, cr3 - (cr3 % 32), out);
  else tlb32(r, (cr3 >>> 0) & 0xfffff000, (state.cr4 & CR4_PSE) !== 0, out);
  return out.out.toString();
}

const PS = 0x80;

function tlbLa48(r: RamReader, pml4: number, base: number, out: TlbPrinter): void {
  for (let l1 = 0; l1 < 512; l1++) {
    const e1 = r.u32At(pml4 + l1 * 8);
    if ((e1 & 1) === 0) continue;
    const pdp = tableAddr(e1, r.u32At(pml4 + l1 * 8 + 4));
    for (let l2 = 0; l2 < 512; l2++) {
      const e2 = r.u32At(pdp + l2 * 8);
      if ((e2 & 1) === 0) continue;
      const h2 = r.u32At(pdp + l2 * 8 + 4);
      const va2 = base + l1 * 2 ** 39 + l2 * 2 ** 30;
      if (e2 & PS) {
        out.leaf(va2, h2 & 0x3ffff, e2 & 0xc0000000, e2, h2);
        continue;
      }
      const pd = tableAddr(e2, h2);
      for (let l3 = 0; l3 < 512; l3++) {
        const e3 = r.u32At(pd + l3 * 8);
        if ((e3 & 1) === 0) continue;
        const h3 = r.u32At(pd + l3 * 8 + 4);
        const va3 = va2 + l3 * 2 ** 21;
        if (e3 & PS) {
          out.leaf(va3, h3 & 0x3ffff, e3 & 0xffe00000, e3, h3);
          continue;
        }
        const pt = tableAddr(e3, h3);
        for (let l4 = 0; l4 < 512; l4++) {
          const e4 = r.u32At(pt + l4 * 8);
          if ((e4 & 1) === 0) continue;
          const h4 = r.u32At(pt + l4 * 8 + 4);
          out.leaf(va3 + l4 * 4096, h4 & 0x3ffff, e4 & 0xfffff000, e4 & ~PS, h4);
        }
      }
    }
  }
}

function tlbPae(r: RamReader, pdpt: number, out: TlbPrinter): void {
  for (let l1 = 0; l1 < 4; l1++) {
    const e1 = r.u32At(pdpt + l1 * 8);
    if ((e1 & 1) === 0) continue;
    const pd = tableAddr(e1, r.u32At(pdpt + l1 * 8 + 4));
    for (let l2 = 0; l2 < 512; l2++) {
      const e2 = r.u32At(pd + l2 * 8);
      if ((e2 & 1) === 0) continue;
      const h2 = r.u32At(pd + l2 * 8 + 4);
      const va2 = l1 * 2 ** 30 + l2 * 2 ** 21;
      if (e2 & PS) {
        // QEMU's mask here is ~0xfffff: 1 MiB, not 2 MiB, and all the high bits.
        out.leaf(va2, h2, e2 & 0xfff00000, e2, h2);
        continue;
      }
      const pt = tableAddr(e2, h2);
      for (let l3 = 0; l3 < 512; l3++) {
        const e3 = r.u32At(pt + l3 * 8);
        if ((e3 & 1) === 0) continue;
        const h3 = r.u32At(pt + l3 * 8 + 4);
        out.leaf(va2 + l3 * 4096, h3, e3 & 0xfffff000, e3 & ~PS, h3);
      }
    }
  }
}

function tlb32(r: RamReader, pd: number, pse: boolean, out: TlbPrinter): void {
  for (let l1 = 0; l1 < 1024; l1++) {
    const e1 = r.u32At(pd + l1 * 4);
    if ((e1 & 1) === 0) continue;
    if (e1 & PS && pse) {
      out.leaf(l1 * 0x400000, 0, e1 & 0xffe00000, e1, 0);
      continue;
    }
    const pt = (e1 & 0xfffff000) >>> 0;
    for (let l2 = 0; l2 < 1024; l2++) {
      const e2 = r.u32At(pt + l2 * 4);
      if (e2 & 1) out.leaf(l1 * 0x400000 + l2 * 4096, 0, e2 & 0xfffff000, e2 & ~PS, 0);
    }
  }
}
