import { PhysicalMemory } from '../core/memory/physical-memory.ts';
import {
  CR0_PE,
  CR0_PG,
  CR0_WP,
  CR4_LA57,
  CR4_PAE,
  CR4_PSE,
  EFER_LMA,
  EFER_LME,
  EFER_NXE,
} from '../core/mmu/paging-bits.ts';
import type { PagingState } from './paging-state.ts';
import { TableBuilder } from './tables/table-builder.ts';
import type { TableFormat } from './tables/table-builder.ts';

/** Entry flag bits, for building tables in tests. */
export const P = 1,
  RW = 2,
  US = 4,
  PWT = 8,
  PCD = 0x10,
  A = 0x20,
  D = 0x40,
  PS = 0x80,
  G = 0x100;
export const NX = 0x80000000;

/** Control registers for a paging mode, with WP and NXE on unless changed. */
export function stateFor(
  format: TableFormat | 'off',
  cr3: number,
  extra: Partial<PagingState> = {},
) {
  const long = format === 'la48' || format === 'la57';
  const s: PagingState = {
    cr0: CR0_PE | (format === 'off' ? 0 : CR0_PG) | CR0_WP,
    cr4:
      (format === 'legacy32' ? CR4_PSE : format === 'off' ? 0 : CR4_PAE) |
      (format === 'la57' ? CR4_LA57 : 0),
    efer: (long ? EFER_LME | EFER_LMA : 0) | EFER_NXE,
    cr3: Int32Array.of(cr3, 0),
    ...extra,
  };
  return s;
}

/** A builder over fresh RAM (8 MiB unless said), tables from 1 MiB. */
export function tables(format: TableFormat, ramMiB = 8): TableBuilder {
  return new TableBuilder(new PhysicalMemory(ramMiB << 20), format, 0x100000);
}
