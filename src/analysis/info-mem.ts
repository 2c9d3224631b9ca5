import type { PhysicalMemory } from '../core/memory/physical-memory.ts';
import { CR4_LA57, CR4_PSE, PagingMode, pagingMode } from '../core/mmu/paging-bits.ts';
import { TWO32 } from '../core/pair.ts';
import { memLa57 } from './info-mem-la57.ts';
import { linesOf } from './ascii-sink.ts';
import { cr3Number } from './paging-state.ts';
import type { PagingState } from './paging-state.ts';
import { PROT_MASK, QemuRangePrinter } from './qemu-ranges.ts';
import { RamReader, tableAddr } from './ram-reader.ts';

/**
 * QEMU's `info mem` (target/i386/monitor.c, QEMU 7.2), byte for byte: every entry of every
 * table is visited in index order, present or not, and ranges are cut where the rights
 * (P, R/W, U/S ANDed down the levels) change. Like QEMU it ignores reserved bits, NX, PS in
 * a PML4E, and PAE's CR4.PSE. Numbers, not BigInt, in the loops: a million PTEs take a few
 * milliseconds. Lines end in '\n' (QEMU's terminal and QMP output turn them into "\r\n").
 */
export function infoMem(
  state: PagingState,
  mem: PhysicalMemory,
  opts: { cr3?: bigint } = {},
): string {
  const mode = pagingMode(state.cr0, state.cr4, state.efer);
  if (mode === PagingMode.Off) return 'PG disabled\n';
  const r = new RamReader(mem, 0);
  const out = new QemuRangePrinter((state.cr4 & CR4_LA57) !== 0);
  const cr3 = cr3Number(state, opts.cr3);
  if (mode === PagingMode.Level5) memLa57(r, tableAddr(cr3 >>> 0, hiOf(cr3)), out);
  else if (mode === PagingMode.Level4) memLa48(r, tableAddr(cr3 >>> 0, hiOf(cr3)), out);
  else if (mode === PagingMode.Pae) memPae(r, cr3 - (cr3 % 32), out);
  else mem32(r, (cr3 >>> 0) & 0xfffff000, (state.cr4 & CR4_PSE) !== 0, out);
  return out.out.toString();
}

export function infoMemLines(state: PagingState, mem: PhysicalMemory, opts: { cr3?: bigint } = {}) {
  return linesOf(infoMem(state, mem, opts));
}

const hiOf = (v: number) => Math.floor(v / TWO32);

const PS = 0x80;
const L1 = 2 ** 39;
const L2 = 2 ** 30;
const L3 = 2 ** 21;

/** The PT level, shared by the 8-byte modes: `up` is the ANDed rights of the levels above. */
function ptLevel(r: RamReader, pt: number, up: number, base: number, out: QemuRangePrinter) {
  if (!r.isRam(pt, 4096)) {
    out.at(base, 0); // reads as zeros: 512 non-present entries
    return;
  }
  const w = r.words;
  let i = r.wordIndex(pt);
  for (let l = 0; l < 512; l++, i += 2) {
    const e = w[i];
    out.at(base + l * 4096, e & 1 ? e & up & PROT_MASK : 0);
  }
}

function memLa48(r: RamReader, pml4: number, out: QemuRangePrinter): void {
  for (let l1 = 0; l1 < 512; l1++) {
    const e1 = r.u32At(pml4 + l1 * 8);
    const end1 = l1 * L1;
    if ((e1 & 1) === 0) {
      out.at(end1, 0);
      continue;
    }
    const pdp = tableAddr(e1, r.u32At(pml4 + l1 * 8 + 4));
    for (let l2 = 0; l2 < 512; l2++) {
      const e2 = r.u32At(pdp + l2 * 8);
      const end2 = end1 + l2 * L2;
      if ((e2 & 1) === 0) out.at(end2, 0);
      else if (e2 & PS) out.at(end2, e2 & e1 & PROT_MASK);
      else {
        const pd = tableAddr(e2, r.u32At(pdp + l2 * 8 + 4));
        for (let l3 = 0; l3 < 512; l3++) {
          const e3 = r.u32At(pd + l3 * 8);
          const end3 = end2 + l3 * L3;
          if ((e3 & 1) === 0) out.at(end3, 0);
          else if (e3 & PS) out.at(end3, e3 & e2 & e1 & PROT_MASK);
          else ptLevel(r, tableAddr(e3, r.u32At(pd + l3 * 8 + 4)), e3 & e2 & e1, end3, out);
        }
      }
    }
  }
  out.at(2 ** 48, 0); // the final flush: QEMU prints this end as 0001000000000000
}

function memPae(r: RamReader, pdpt: number, out: QemuRangePrinter): void {
  for (let l1 = 0; l1 < 4; l1++) {
    const e1 = r.u32At(pdpt + l1 * 8);
    const end1 = l1 * L2;
    if ((e1 & 1) === 0) {
      out.at(end1, 0);
      continue;
    }
    // PDPTEs carry no rights: only the PDE and PTE count.
    const pd = tableAddr(e1, r.u32At(pdpt + l1 * 8 + 4));
    for (let l2 = 0; l2 < 512; l2++) {
      const e2 = r.u32At(pd + l2 * 8);
      const end2 = end1 + l2 * L3;
      if ((e2 & 1) === 0) out.at(end2, 0);
      else if (e2 & PS) out.at(end2, e2 & PROT_MASK);
      else ptLevel(r, tableAddr(e2, r.u32At(pd + l2 * 8 + 4)), e2, end2, out);
    }
  }
  out.at(TWO32, 0);
}

function mem32(r: RamReader, pd: number, pse: boolean, out: QemuRangePrinter): void {
  for (let l1 = 0; l1 < 1024; l1++) {
    const e1 = r.u32At(pd + l1 * 4);
    const end1 = l1 * 0x400000;
    if ((e1 & 1) === 0) out.at(end1, 0);
    // QEMU takes PS as a 4 MiB page only with CR4.PSE, as the CPU does.
    else if (e1 & PS && pse) out.at(end1, e1 & PROT_MASK);
    else {
      const pt = (e1 & 0xfffff000) >>> 0;
      for (let l2 = 0; l2 < 1024; l2++) {
        const e2 = r.u32At(pt + l2 * 4);
        out.at(end1 + l2 * 4096, e2 & 1 ? e2 & e1 & PROT_MASK : 0);
      }
    }
  }
  out.at(TWO32, 0);
}
