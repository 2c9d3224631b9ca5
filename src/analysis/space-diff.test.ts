import { describe, expect, it } from 'vitest';
import { PhysicalMemory } from '../core/memory/physical-memory.ts';
import { diffAddressSpaces } from './space-diff.ts';
import { diffText } from './space-diff-text.ts';
import { TableBuilder } from './tables/table-builder.ts';
import { G, NX, P, RW, US, stateFor, tables } from './test-helpers.ts';

const KERNEL = 0xffffffff80000000n;

describe('address-space diff', () => {
  it('two CR3s of one machine: added, removed, rights and target changes', () => {
    const b = tables('la48');
    const first = b.root;
    b.mapRun(KERNEL, 0x200000, 8, P | G);
    b.mapRun(0x400000n, 0x300000, 4, P | RW | US, NX);
    const c = new TableBuilder(b.mem, 'la48', b.end); // a second root in the same RAM
    const second = c.root;
    c.mapRun(KERNEL, 0x200000, 2, P | G); // the same
    c.mapRun(KERNEL + 0x2000n, 0x202000, 2, P | RW | G); // now writable
    c.mapRun(KERNEL + 0x4000n, 0x500000, 4, P | G); // elsewhere
    c.mapRun(0x800000n, 0x300000, 2, P | RW | US, NX); // moved: 0x400000 removed
    const state = stateFor('la48', first);
    const diff = diffAddressSpaces(
      { mem: b.mem, paging: state },
      { mem: b.mem, paging: state, cr3: BigInt(second) },
    );
    expect(diff.map((r) => [r.kind, r.start, r.end, r.changes])).toEqual([
      ['removed', 0x400000n, 0x404000n, []],
      ['added', 0x800000n, 0x802000n, []],
      ['changed', KERNEL + 0x2000n, KERNEL + 0x4000n, ['writable']],
      ['changed', KERNEL + 0x4000n, KERNEL + 0x8000n, ['target']],
    ]);
    expect(diff[3].before?.physStart).toBe(0x204000);
    expect(diff[3].after?.physStart).toBe(0x500000);
    expect(diffText(diff).split('\n')).toEqual([
      '- 0x400000-0x404000 (16 KiB)  rw- user at 0x300000',
      '+ 0x800000-0x802000 (8 KiB)  rw- user at 0x300000',
      '~ 0xffffffff80002000-0xffffffff80004000 (8 KiB)  r-x kernel global at 0x202000  ->  rwx kernel global at 0x202000',
      '~ 0xffffffff80004000-0xffffffff80008000 (16 KiB)  r-x kernel global at 0x204000  ->  r-x kernel global at 0x500000',
      '',
    ]);
  });

  it('two machine states: a RAM snapshot against the RAM after a PTE changed', () => {
    const b = tables('la48');
    b.mapRun(0x10000n, 0x10000, 16, P | RW);
    const snapshot = new PhysicalMemory(b.mem.size);
    snapshot.ram.set(b.mem.ram);
    const pte = b.entryAddr(0x15000n, 1);
    b.setEntry(pte, 0x15000 | P | RW | US); // U/S on one page
    b.setEntry(pte + 8, 0); // the next one gone
    const state = stateFor('la48', b.root);
    const diff = diffAddressSpaces({ mem: snapshot, paging: state }, { mem: b.mem, paging: state });
    expect(diff.map((r) => [r.kind, r.start, r.changes])).toEqual([
      ['changed', 0x15000n, ['user']],
      ['removed', 0x16000n, []],
    ]);
    expect(diffAddressSpaces({ mem: b.mem, paging: state }, { mem: b.mem, paging: state })).toEqual(
      [],
    );
  });
});
