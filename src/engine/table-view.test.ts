import { describe, expect, it } from 'vitest';
import { PhysicalMemory } from '../core/memory/physical-memory.ts';
import {
  CR0_PE,
  CR0_PG,
  CR4_PAE,
  CR4_PKE,
  EFER_LMA,
  EFER_LME,
  EFER_NXE,
} from '../core/mmu/paging-bits.ts';
import { TableBuilder } from '../analysis/tables/table-builder.ts';
import type { PagingState } from '../analysis/index.ts';
import { tableView } from './table-view.ts';
import { TableViewCache } from './table-view-cache.ts';
import { translationView } from './translation-view.ts';

const P = 1,
  RW = 2,
  US = 4,
  A = 0x20;
const NX = 0x80000000;

/** Two 4 KiB pages in one PT, and a third page in another PT (4-level paging). */
function machine() {
  const mem = new PhysicalMemory(1 << 20);
  const b = new TableBuilder(mem, 'la48', 0x10000);
  b.map(0x400000n, 0x1000, 4096, P | RW, NX);
  b.map(0x401000n, 0x2000, 4096, P);
  b.map(0x800000n, 0x3000, 4096, P | RW);
  const state: PagingState = {
    cr0: CR0_PE | CR0_PG,
    cr4: CR4_PAE,
    efer: EFER_LME | EFER_LMA | EFER_NXE,
    cr3: Int32Array.of(b.root, 0),
  };
  const ptOf = (va: bigint) => ({ phys: b.entryAddr(va, 1) & ~0xfff, depth: 1, va: Number(va) });
  return { mem, b, state, first: ptOf(0x400000n), second: ptOf(0x800000n) };
}

describe('tableView stamps', () => {
  it('gives_equal_stamps_to_equal_reads_and_different_ones_to_different_tables', () => {
    const { mem, state, first, second } = machine();
    const a = tableView(state, mem, first);
    expect(tableView(state, mem, first).stamp).toBe(a.stamp);
    expect(tableView(state, mem, second).stamp).not.toBe(a.stamp);
  });

  it('changes_the_stamp_of_the_table_whose_entry_changed_only', () => {
    const { mem, b, state, first, second } = machine();
    const before = [tableView(state, mem, first), tableView(state, mem, second)];
    // The guest touches a page: the CPU sets its entry's accessed bit.
    const pte = b.entryAddr(0x401000n, 1);
    b.setEntry(pte, b.getEntry(pte).lo | A);
    const after = [tableView(state, mem, first), tableView(state, mem, second)];
    expect(after[0].stamp).not.toBe(before[0].stamp);
    expect(after[0].entries[1].flags).toContain('A');
    expect(after[1].stamp).toBe(before[1].stamp);
  });

  it('changes_the_stamp_when_the_control_bits_change_how_entries_read', () => {
    const { mem, state, first } = machine();
    const withNx = tableView(state, mem, first);
    const off = tableView({ ...state, efer: state.efer & ~EFER_NXE }, mem, first);
    // Without EFER.NXE bit 63 is reserved: the rights and the problems read differently.
    expect(off.entries[0].problems).not.toEqual(withNx.entries[0].problems);
    expect(off.stamp).not.toBe(withNx.stamp);
  });
});

describe('TableViewCache', () => {
  it('keeps_the_view_of_a_table_whose_bytes_did_not_change_and_reads_a_changed_one_again', () => {
    const { mem, b, state, first, second } = machine();
    const cache = new TableViewCache();
    const a = [cache.view(state, mem, first), cache.view(state, mem, second)];
    cache.done();
    const pte = b.entryAddr(0x401000n, 1);
    b.setEntry(pte, b.getEntry(pte).lo | A);
    const again = [cache.view(state, mem, first), cache.view(state, mem, second)];
    cache.done();
    expect(again[1]).toBe(a[1]);
    expect(again[0]).not.toBe(a[0]);
    expect(again[0].entries[1].flags).toContain('A');
    // A refresh that did not ask for a table drops it.
    cache.done();
    expect(cache.view(state, mem, second)).not.toBe(a[1]);
    expect(cache.view(state, mem, second)).toEqual(a[1]);
  });
});

describe('protection keys in the tree and the translation', () => {
  it('names_a_user_leafs_key_with_cr4_pke_and_not_without', () => {
    const { mem, b, state, first } = machine();
    const pte = b.entryAddr(0x401000n, 1);
    b.setEntry(pte, b.getEntry(pte).lo | US, 5 << 27); // key 5 in bits 62:59
    const keyed = { ...state, cr4: state.cr4 | CR4_PKE };
    expect(tableView(keyed, mem, first).entries[1].flags).toContain('PKEY 5');
    expect(tableView(state, mem, first).entries[1].flags.join(' ')).not.toContain('PKEY');
    const steps = (st: PagingState) =>
      translationView(st, mem, [], { address: '0x401000', access: 'read', cpl: 3 }).steps;
    const leaf = (st: PagingState) =>
      steps(st)
        .at(-1)!
        .flags.map((f) => f.name);
    expect(leaf(keyed)).toContain('PKEY 5');
    expect(leaf(state).join(' ')).not.toContain('PKEY');
  });
});
