import { PhysicalMemory } from '../../core/memory/physical-memory.ts';
import { TableBuilder } from '../tables/table-builder.ts';
import type { TableFormat } from '../tables/table-builder.ts';
import type { GuestSpec } from './guest-asm.ts';

/**
 * Page-table layouts for the QEMU proof, one per paging mode and quirk. Each maps the first
 * 2 MiB (4 MiB in 32-bit paging) identity, supervisor, writable and executable, for the
 * kernel, its stack and descriptor tables; everything else exercises `info mem`/`info tlb`.
 */
export interface Scenario {
  name: string;
  builder: TableBuilder;
  spec: GuestSpec;
  cpu?: string;
}

const P = 1,
  RW = 2,
  US = 4,
  PWT = 8,
  PCD = 0x10,
  A = 0x20,
  D = 0x40,
  PAT4K = 0x80,
  G = 0x100,
  PS = 0x80;
const NX = 0x80000000;
const TABLES = 0x400000;
const MiB = 0x100000;

function scenario(name: string, format: TableFormat, ramMiB = 32): TableBuilder {
  void name;
  return new TableBuilder(new PhysicalMemory(ramMiB * MiB), format, TABLES);
}

export function scenarioSpec(b: TableBuilder, extra: Partial<GuestSpec> = {}): GuestSpec {
  const g = (i: number) =>
    ((0x1111111111111111n * BigInt(i + 1)) ^ 0x0123456789abcdefn) & 0xffffffffffffffffn;
  return {
    format: b.format,
    cr3: b.root,
    cr4: 0,
    nxe: true,
    wp: true,
    tableBase: TABLES,
    gprs: Array.from({ length: 16 }, (_, i) => (i === 4 ? 0x1ff000n : g(i))),
    cr2: 0xffff8000deadb000n,
    dr: [0x1000n, 0xffffffff80001000n, 0x7fff0000n, 0x42n],
    fsBase: 0xffffc90000001000n,
    ...extra,
  };
}

/** 4-level: mixed 4 KiB rights, huge pages, a run that merges across the canonical hole. */
export function la48HoleMerge(): Scenario {
  const b = scenario('la48-hole-merge', 'la48');
  b.map(0n, 0, 0x200000, P | RW);
  // 4 KiB pages with every flag QEMU prints, and a gap.
  b.map(0x400000n, 0x500000, 4096, P | RW | US | A | D);
  b.map(0x401000n, 0x501000, 4096, P | US | G | PAT4K);
  b.map(0x402000n, 0x900000, 4096, P | US, NX); // same rights, not contiguous physically
  b.map(0x403000n, 0x503000, 4096, P | PWT | PCD);
  b.map(0x405000n, 0x505000, 4096, P | RW | US, 0x80000); // bit 51: reserved (MAXPHYADDR 40)
  // A PD entry without U/S over user PTEs: the PTEs become supervisor.
  b.tableFlags = P | RW;
  b.map(0x40000000n, 0x600000, 4096, P | RW | US);
  b.tableFlags = P | RW | US;
  // 2 MiB and 1 GiB pages.
  b.map(0x80000000n, 0x1200000, 0x200000, P | RW | US | G | D | A);
  b.map(0x80200000n, 0x1400000, 0x200000, P | US | (PAT4K << 5), NX); // bit 12: PAT of a 2 MiB page
  b.map(0x8000000000n, 0x40000000, 0x40000000, P | RW | G, NX | 0x12);
  // The top of the lower half and the bottom of the upper half, same rights: one range.
  b.map(0x7ffffffff000n, 0x700000, 4096, P | RW | US);
  b.map(0xffff800000000000n, 0x701000, 4096, P | RW | US);
  // A higher-half kernel.
  b.map(0xffffffff80000000n, 0x100000, 0x200000, P | RW | G);
  return { name: 'la48-hole-merge', builder: b, spec: scenarioSpec(b) };
}

/** 4-level: a range ending at the hole, the last page of the address space, tables in odd places. */
export function la48Edges(): Scenario {
  const b = scenario('la48-edges', 'la48');
  b.map(0n, 0, 0x200000, P | RW);
  b.map(0x7fffffe00000n, 0x800000, 0x200000, P | US);
  b.map(0xffff800000000000n, 0, 0x40000000, P | RW, NX);
  b.map(0xffff800040000000n, 0x40000000, 0x40000000, P | RW, NX);
  b.map(0xfffffffffffff000n, 0x123000, 4096, P | RW | US | G);
  // A PDPT entry whose PD lies outside RAM (4 GiB, above the 32 MiB of RAM).
  const pdpte = b.entryAddr(0x4000000000n, 3);
  b.setEntry(pdpte, (0x100000000 % 2 ** 32) | P | RW | US, 1);
  // Another below 4 GiB but above RAM, where the PC has its PCI hole.
  b.setEntry(b.entryAddr(0x4040000000n, 3), 0x10000000 | P | RW | US);
  // A PML4 entry with PS set (reserved at that level; QEMU's walk ignores it).
  const pml4e = b.entryAddr(0x10000000000n, 4);
  const pdpt = b.alloc();
  b.setEntry(pml4e, pdpt | P | RW | US | 0x80);
  b.setEntry(pdpt, 0x80000000 | P | RW | US | 0x80);
  return { name: 'la48-edges', builder: b, spec: scenarioSpec(b) };
}

/** 5-level: two PML5 slots and the very last page. */
export function la57(): Scenario {
  const b = scenario('la57', 'la57');
  b.map(0n, 0, 0x200000, P | RW);
  b.map(0x400000n, 0x500000, 4096, P | RW | US);
  b.map(0x401000n, 0x501000, 4096, P | US);
  b.map(0x1000000000000n, 0x600000, 0x200000, P | RW | US);
  b.map(0xff00000000000000n, 0, 0x40000000, P | RW, NX);
  b.map(0xfffffffffffff000n, 0x123000, 4096, P | RW | G);
  // QEMU 7.2's 5-level `info mem` tests P inverted below the PML4: present PDPTEs and PDEs
  // print nothing, and it walks non-present ones as if they pointed to tables. A crafted
  // non-present PDPTE (U/S and R/W set) pointing to a crafted "PD" makes that visible.
  const fakePd = b.alloc();
  const fakePt = b.alloc();
  b.setEntry(b.entryAddr(0x8000000000n, 3), fakePd | RW | US);
  b.setEntry(fakePd + 8, 0x200000 | RW | US | 0x80); // non-present "2 MiB page", prot u-w
  b.setEntry(fakePd + 16, fakePt | RW | US); // non-present "table"
  b.setEntry(fakePd + 24, 0x300000 | P | RW | US); // present: prot 0
  b.setEntry(fakePt + 8 * 3, RW | US);
  b.setEntry(fakePt + 8 * 4, US);
  b.setEntry(fakePt + 8 * 5, P | RW | US);
  fillEmptyPdptes(b, tablesAt(b, 3, 0x8000000000n)[0]);
  return { name: 'la57', builder: b, spec: scenarioSpec(b), cpu: 'qemu64,+la57' };
}

/** PAE: 2 MiB pages (whose NX bit shows in QEMU's printed address), 4 KiB pages, a hole. */
export function pae(): Scenario {
  const b = scenario('pae', 'pae');
  b.map(0n, 0, 0x200000, P | RW);
  b.map(0x400000n, 0x500000, 4096, P | RW | US | A);
  b.map(0x401000n, 0x501000, 4096, P | US, NX);
  b.map(0x402000n, 0x502000, 4096, P | PAT4K);
  b.map(0x80000000n, 0x1200000, 0x200000, P | RW | US | G, NX);
  b.map(0x80200000n, 0x1500000, 0x200000, P | RW | (PAT4K << 5));
  b.map(0xfffff000n, 0x777000, 4096, P | RW | US);
  return { name: 'pae', builder: b, spec: scenarioSpec(b) };
}

/** 32-bit paging with CR4.PSE: 4 MiB pages (PSE-36 bits set), 4 KiB pages with PAT. */
export function legacy32(): Scenario {
  const b = scenario('legacy32', 'legacy32');
  b.map(0n, 0, 0x400000, P | RW);
  b.map(0x800000n, 0x500000, 4096, P | RW | US | A | D);
  b.map(0x801000n, 0x501000, 4096, P | US | PAT4K | G);
  b.map(0x802000n, 0x502000, 4096, P | PCD | PWT);
  b.map(0xc0000000n, 0xc00000, 0x400000, P | RW | US | (1 << 13) | (1 << 12));
  b.map(0xffc00000n, 0x1000000, 0x400000, P | RW | G | (1 << 21));
  b.map(0xff800000n, 0x1400000, 4096, P | RW);
  return { name: 'legacy32', builder: b, spec: scenarioSpec(b, { cr4: 1 << 4, nxe: false }) };
}

/** 32-bit paging without CR4.PSE: a PDE with PS set is a table pointer to QEMU and the CPU. */
export function legacy32NoPse(): Scenario {
  const b = scenario('legacy32-nopse', 'legacy32');
  b.mapRun(0n, 0, 1024, P | RW);
  const pde = b.entryAddr(0x400000n, 2);
  const pt = b.alloc();
  b.setEntry(pde, pt | P | RW | US | 0x80);
  b.setEntry(pt + 8, 0x345000 | P | RW | US);
  return { name: 'legacy32-nopse', builder: b, spec: scenarioSpec(b, { nxe: false, wp: false }) };
}

/**
 * QEMU 7.2's 5-level `info mem` walks each zero PDPTE as a PD at physical 0 (134M reads for a
 * PML4E, seconds each): PS-only entries, which it takes in one step, keep the proof fast.
 * `keep` names a PDPT left as it is, so one zero-filled PDPT still goes the slow way.
 */
export function fillEmptyPdptes(b: TableBuilder, keep = -1): void {
  for (const pdpt of tablesAt(b, 3)) {
    if (pdpt === keep) continue;
    for (let i = 0; i < 512; i++)
      if (b.getEntry(pdpt + i * 8).lo === 0) b.setEntry(pdpt + i * 8, PS);
  }
}

/** Physical addresses of the tables at `level` (under `va` only, when given). */
function tablesAt(b: TableBuilder, level: number, va?: bigint): number[] {
  const found: number[] = [];
  const visit = (table: number, l: number) => {
    if (l === level) {
      found.push(table);
      return;
    }
    for (let i = 0; i < 512; i++) {
      if (va !== undefined && i !== b.index(va, l)) continue;
      const e = b.getEntry(table + i * 8);
      if (e.lo & P && !(e.lo & PS)) visit(e.lo & 0xfffff000, l - 1);
    }
  };
  visit(b.root, b.top);
  return found;
}

/** Protected mode with paging off: both commands say "PG disabled". */
export function pagingOff(): Scenario {
  const b = scenario('paging-off', 'legacy32');
  return { name: 'paging-off', builder: b, spec: scenarioSpec(b, { pagingOff: true }) };
}

/** Long mode halted in a 32-bit code segment: E* registers with the 64-bit GDT and CR lines. */
export function compatMode(): Scenario {
  const b = scenario('compat', 'la48');
  b.map(0n, 0, 0x200000, P | RW);
  return { name: 'compat', builder: b, spec: scenarioSpec(b, { compat: true }) };
}

export function allScenarios(): Scenario[] {
  return [
    la48HoleMerge(),
    la48Edges(),
    la57(),
    pae(),
    legacy32(),
    legacy32NoPse(),
    pagingOff(),
    compatMode(),
  ];
}
