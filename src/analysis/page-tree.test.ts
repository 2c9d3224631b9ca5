import { describe, expect, it } from 'vitest';
import { buildPageTree, E_OUTSIDE_RAM, E_RESERVED, E_SHARED } from './page-tree.ts';
import { entryRecord, readTable, tableChildren } from './page-tree-view.ts';
import { addressRanges } from './ranges.ts';
import { G, NX, P, PS, RW, US, stateFor, tables } from './test-helpers.ts';

describe('the page-table tree', () => {
  it('holds every present entry, with counts per level and huge pages', () => {
    const b = tables('la48');
    b.mapRun(0x400000n, 0x400000, 600, P | RW);
    b.map(0x80000000n, 0x200000, 0x200000, P | RW);
    b.map(0xffff800000000000n, 0, 0x40000000, P | RW, NX);
    const tree = buildPageTree(stateFor('la48', b.root), b.mem);
    expect(tree.stats.presentByDepth.slice(1, 5)).toEqual([600, 3, 3, 2]);
    expect(tree.stats.tablesByDepth.slice(1, 5)).toEqual([2, 2, 2, 1]);
    expect([tree.stats.pages4K, tree.stats.pages2M, tree.stats.pages1G]).toEqual([600, 1, 1]);
    expect(tree.entries).toBe(608);
    // Each table's entries are contiguous and in index order.
    const root = tableChildren(tree, stateFor('la48', b.root), 0);
    expect(root.map((e) => [e.level, e.index, e.va])).toEqual([
      ['PML4', 0, 0n],
      ['PML4', 256, 0xffff800000000000n],
    ]);
  });

  it('flags tables outside RAM, reserved bits and shared tables', () => {
    const b = tables('la48');
    b.map(0x1000n, 0x1000, 4096, P | RW);
    const pdpt = b.getEntry(b.root).lo & 0xfffff000;
    b.setEntry(pdpt + 8, P | RW, 0x10); // a PD at 64 GiB
    b.setEntry(b.root + 8, pdpt | P | RW); // PML4[1] shares PML4[0]'s PDPT
    const pml4e2 = b.root + 16;
    b.setEntry(pml4e2, pdpt | P | RW | PS); // PS in a PML4E is reserved
    const tree = buildPageTree(stateFor('la48', b.root), b.mem);
    expect(tree.stats.tablesOutsideRam).toBe(3);
    expect(tree.stats.reservedEntries).toBe(1);
    // The PDPT is reached three times; its PD and PT come again with it.
    expect(tree.stats.sharedTables).toBe(6);
    const flags = Array.from(tree.entryFlags.subarray(0, 3));
    expect(flags).toEqual([0, E_SHARED, E_RESERVED | E_SHARED]);
    const rec = entryRecord(tree, stateFor('la48', b.root), 2);
    expect(rec.entry.reservedBits).toEqual([7]);
    expect(tree.entryFlags[3 + 1] & E_OUTSIDE_RAM).toBe(E_OUTSIDE_RAM);
  });

  it('stops at maxEntries and says so', () => {
    const b = tables('la48');
    b.mapRun(0n, 0, 2048, P | RW);
    const tree = buildPageTree(stateFor('la48', b.root), b.mem, { maxEntries: 1000 });
    expect(tree.stats.truncated).toBe(true);
    expect(tree.entries).toBe(1000);
  });

  it('reads one table on demand without building the tree', () => {
    const b = tables('la48');
    b.map(0xffff800000201000n, 0x5000, 4096, P | RW);
    const s = stateFor('la48', b.root);
    const root = readTable(s, b.mem, b.root, 4, 0);
    expect(root.map((e) => [e.index, e.va])).toEqual([[256, 0xffff800000000000n]]);
    const pdpt = readTable(s, b.mem, Number(root[0].entry.address), 3, 256 * 2 ** 39);
    const pd = readTable(s, b.mem, Number(pdpt[0].entry.address), 2, 256 * 2 ** 39);
    expect(pd.map((e) => [e.level, e.index, e.va])).toEqual([['PD', 1, 0xffff800000200000n]]);
  });

  it('walks 32-bit tables with 4 MiB pages', () => {
    const b = tables('legacy32');
    b.map(0xc0000000n, 0x400000, 0x400000, P | RW);
    b.map(0x1000n, 0x1000, 4096, P);
    const tree = buildPageTree(stateFor('legacy32', b.root), b.mem);
    expect([tree.stats.pages4M, tree.stats.pages4K, tree.entries]).toEqual([1, 1, 3]);
  });
});

describe('the ranges view', () => {
  it('merges only equal rights over contiguous physical memory, and shows NX and G', () => {
    const b = tables('la48');
    b.mapRun(0x1000n, 0x1000, 3, P | RW);
    b.map(0x4000n, 0x9000, 4096, P | RW); // physical jump
    b.map(0x5000n, 0xa000, 4096, P | RW, NX);
    b.map(0x6000n, 0xb000, 4096, P | RW | G, NX);
    b.map(0x7ffffffff000n, 0x1000, 4096, P | RW);
    b.map(0xffff800000000000n, 0x2000, 4096, P | RW); // contiguous, but across the hole
    const r = addressRanges(stateFor('la48', b.root), b.mem);
    expect(r.runs.map((x) => [x.start, x.size, x.physStart, x.noExecute, x.global])).toEqual([
      [0x1000n, 0x3000, 0x1000, false, false],
      [0x4000n, 0x1000, 0x9000, false, false],
      [0x5000n, 0x1000, 0xa000, true, false],
      [0x6000n, 0x1000, 0xb000, true, true],
      [0x7ffffffff000n, 0x1000, 0x1000, false, false],
      [0xffff800000000000n, 0x1000, 0x2000, false, false],
    ]);
  });

  it('ANDs U/S and R/W down the levels and skips entries with reserved bits', () => {
    const b = tables('la48');
    b.tableFlags = P | US;
    b.map(0x1000n, 0x1000, 4096, P | RW | US);
    b.map(0x2000n, 0x2000, 4096, P | RW | US, 0x100); // bit 40
    const r = addressRanges(stateFor('la48', b.root), b.mem);
    expect(r.runs).toHaveLength(1);
    expect(r.runs[0]).toMatchObject({ user: true, writable: false, pages: 1 });
    expect(r.reservedEntries).toBe(1);
  });

  it('ends a run at the top of the address space at 2^64', () => {
    const b = tables('la48');
    b.map(0xfffffffffffff000n, 0x1000, 4096, P);
    expect(addressRanges(stateFor('la48', b.root), b.mem).runs[0].end).toBe(1n << 64n);
  });
});
