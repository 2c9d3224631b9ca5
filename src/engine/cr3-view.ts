import type { CpuState } from '../core/cpu/state.ts';
import {
  CR0_PG,
  CR0_WP,
  CR4_LA57,
  CR4_PAE,
  CR4_PCIDE,
  CR4_PGE,
  CR4_PSE,
  CR4_SMAP,
  CR4_SMEP,
  EFER_LMA,
  EFER_NXE,
  PagingMode,
  pagingMode,
} from '../core/mmu/paging-bits.ts';
import type { PagingState } from '../analysis/index.ts';
import { hex64, hexShort, pairBig } from './format.ts';
import type { Cr3Change, Cr3View, TableRef } from './views.ts';

const MODE_WORDS = ['paging off', '32-bit', 'PAE', '4-level', '5-level'];

/** The root table CR3 points to, as the tree opens it; null with paging off. */
export function rootTable(state: PagingState): TableRef | null {
  const mode = pagingMode(state.cr0, state.cr4, state.efer);
  if (mode === PagingMode.Off) return null;
  const cr3 = Number(pairBig(state.cr3[0], state.cr3[1]) & 0xffffffffff000n);
  if (mode === PagingMode.Pae) return { phys: (state.cr3[0] >>> 0) & 0xffffffe0, depth: 3, va: 0 };
  if (mode === PagingMode.Legacy32)
    return { phys: (state.cr3[0] >>> 0) & 0xfffff000, depth: 2, va: 0 };
  return { phys: cr3, depth: mode === PagingMode.Level5 ? 5 : 4, va: 0 };
}

/** CR3 decoded, with the CR0/CR4/EFER bits that decide how the tables are read. */
export function cr3View(s: CpuState, history: Cr3Change[], historyOmitted: number): Cr3View {
  const mode = pagingMode(s.cr0, s.cr4, s.efer);
  const value = pairBig(s.cr3[0], s.cr3[1]);
  const pcide = (s.cr4 & CR4_PCIDE) !== 0;
  const root = rootTable(s);
  const bit = (name: string, set: boolean, why: string) => ({ name, set, why });
  return {
    value: hex64(value),
    base: root ? hexShort(root.phys) : hexShort(value & 0xffffffffff000n),
    pwt: !pcide && (s.cr3[0] & 8) !== 0,
    pcd: !pcide && (s.cr3[0] & 0x10) !== 0,
    pcid: pcide ? s.cr3[0] & 0xfff : null,
    mode: MODE_WORDS[mode],
    controlBits: [
      bit('CR0.PG', (s.cr0 & CR0_PG) !== 0, 'paging on'),
      bit('CR0.WP', (s.cr0 & CR0_WP) !== 0, 'read-only pages are read-only for the kernel too'),
      bit('CR4.PAE', (s.cr4 & CR4_PAE) !== 0, '8-byte entries'),
      bit('CR4.PSE', (s.cr4 & CR4_PSE) !== 0, '4 MiB pages in 32-bit paging'),
      bit('CR4.PGE', (s.cr4 & CR4_PGE) !== 0, 'global pages survive CR3 loads'),
      bit('CR4.LA57', (s.cr4 & CR4_LA57) !== 0, '5-level paging'),
      bit('CR4.PCIDE', pcide, 'CR3 bits 11:0 are a PCID'),
      bit('CR4.SMEP', (s.cr4 & CR4_SMEP) !== 0, 'no kernel fetch from user pages'),
      bit('CR4.SMAP', (s.cr4 & CR4_SMAP) !== 0, 'no kernel data access to user pages'),
      bit('EFER.LMA', (s.efer & EFER_LMA) !== 0, 'long mode active'),
      bit('EFER.NXE', (s.efer & EFER_NXE) !== 0, 'XD (bit 63) honoured; reserved without it'),
    ],
    history,
    historyOmitted,
  };
}
