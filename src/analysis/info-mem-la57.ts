import { PROT_MASK } from './qemu-ranges.ts';
import type { QemuRangePrinter } from './qemu-ranges.ts';
import { tableAddr } from './ram-reader.ts';
import type { RamReader } from './ram-reader.ts';

const PS = 0x80;
const L0 = 2 ** 48;
const L1 = 2 ** 39;
const L2 = 2 ** 30;
const L3 = 2 ** 21;

/**
 * QEMU 7.2's 5-level `info mem` (mem_info_la57), quirk included: below the PML4 it tests the
 * present bit the wrong way round. A present PDPTE or PDE counts as a hole; a non-present one
 * is used as a huge page when its PS bit is set and as a table pointer otherwise. Most 5-level
 * guests therefore get an empty `info mem`. The QEMU proof checks this on a crafted table.
 * Where the rights bits above make every prot below 0, a subtree is skipped: its visits could
 * only repeat one closing call.
 */
export function memLa57(r: RamReader, pml5: number, out: QemuRangePrinter): void {
  for (let l0 = 0; l0 < 512; l0++) {
    const e0 = r.u32At(pml5 + l0 * 8);
    const end0 = l0 * L0;
    if ((e0 & 1) === 0) {
      out.at(end0, 0);
      continue;
    }
    const pml4 = tableAddr(e0, r.u32At(pml5 + l0 * 8 + 4));
    for (let l1 = 0; l1 < 512; l1++) {
      const e1 = r.u32At(pml4 + l1 * 8);
      const end1 = end0 + l1 * L1;
      if ((e1 & 1) === 0) {
        out.at(end1, 0);
        continue;
      }
      const pdp = tableAddr(e1, r.u32At(pml4 + l1 * 8 + 4));
      for (let l2 = 0; l2 < 512; l2++) {
        const e2 = r.u32At(pdp + l2 * 8);
        const end2 = end1 + l2 * L2;
        const up2 = e2 & e1 & e0 & PROT_MASK;
        if (e2 & 1 || up2 === 0) out.at(end2, 0);
        else if (e2 & PS) out.at(end2, up2);
        else pdLevel(r, tableAddr(e2, r.u32At(pdp + l2 * 8 + 4)), up2, end2, out);
      }
    }
  }
  out.at(2 ** 57, 0);
}

/** A "PD" reached through a non-present PDPTE: `up` is that PDPTE's rights ANDed with above. */
function pdLevel(r: RamReader, pd: number, up: number, base: number, out: QemuRangePrinter) {
  for (let l3 = 0; l3 < 512; l3++) {
    const e3 = r.u32At(pd + l3 * 8);
    const end3 = base + l3 * L3;
    const up3 = e3 & up;
    if (e3 & 1 || up3 === 0) out.at(end3, 0);
    else if (e3 & PS) out.at(end3, up3);
    else {
      const pt = tableAddr(e3, r.u32At(pd + l3 * 8 + 4));
      for (let l4 = 0; l4 < 512; l4++) {
        const e4 = r.u32At(pt + l4 * 8);
        out.at(end3 + l4 * 4096, e4 & 1 ? e4 & up3 : 0);
      }
    }
  }
}
