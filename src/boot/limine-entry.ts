import { descriptor, gdtBytes, loadSegment, RESET_LDTR, RESET_TR } from './gdt.ts';
import type { CpuSetup } from './plan.ts';

/**
 * The GDT Limine loads (common/sys/gdt.s2.c): null, 16-bit code and data, 32-bit code and
 * data, 64-bit code (0x28) and data (0x30), all with base 0 and the accessed bit set.
 */
const DESCRIPTORS = [
  0n,
  descriptor({ base: 0, limit: 0xffff, access: 0x9b, flags: 0 }),
  descriptor({ base: 0, limit: 0xffff, access: 0x93, flags: 0 }),
  descriptor({ base: 0, limit: 0xfffff, access: 0x9b, flags: 0xc }),
  descriptor({ base: 0, limit: 0xfffff, access: 0x93, flags: 0xc }),
  descriptor({ base: 0, limit: 0, access: 0x9b, flags: 0x2 }),
  descriptor({ base: 0, limit: 0, access: 0x93, flags: 0 }),
];
export const LIMINE_GDT = gdtBytes(DESCRIPTORS);

/** IA32_PAT as Limine programs it: PAT0 WB, 1 WT, 2 UC-, 3 UC, 4 WP, 5 WC. */
export const LIMINE_PAT = { index: 0x277, value: 0x0000010500070406n };

/** CR0: PG, WP, ET, PE. CR4: PAE (and LA57 for 5-level paging). EFER: NXE, LMA, LME. */
const CR0 = 0x80010011;
const CR4_PAE = 0x20;
const CR4_LA57 = 0x1000;
const EFER = 0xd00;

export interface LimineEntry {
  entry: bigint;
  /** The stack pointer, already below the pushed return address of 0. */
  rsp: bigint;
  gdtBase: bigint;
  cr3: number;
  fiveLevel: boolean;
}

/**
 * Long mode as Limine enters the kernel: CS 0x28 and every data segment 0x30, RFLAGS with IF,
 * DF and VM clear, all general registers but RSP zero, the IDT empty.
 */
export function limineEntryState(e: LimineEntry): CpuSetup {
  const data = loadSegment(0x30, DESCRIPTORS[6]);
  return {
    mode: 64,
    gprs: { rsp: e.rsp },
    rip: e.entry,
    rflags: 0x2,
    segments: [
      data,
      loadSegment(0x28, DESCRIPTORS[5]),
      data,
      data,
      data,
      data,
      RESET_LDTR,
      RESET_TR,
    ],
    gdtr: { base: e.gdtBase, limit: LIMINE_GDT.length - 1 },
    idtr: { base: 0n, limit: 0 },
    cr0: CR0,
    cr3: BigInt(e.cr3),
    cr4: CR4_PAE | (e.fiveLevel ? CR4_LA57 : 0),
    efer: EFER,
  };
}
