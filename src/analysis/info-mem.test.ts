import { describe, expect, it } from 'vitest';
import { infoMem } from './info-mem.ts';
import { infoTlb } from './info-tlb.ts';
import { A, D, G, NX, P, PCD, PS, PWT, RW, US, stateFor, tables } from './test-helpers.ts';

// Expected strings are derived by hand from QEMU 7.2's monitor.c; qemu/qemu-paging.test.ts
// checks the same formatters against the real QEMU.

describe('info mem', () => {
  it('cuts ranges where P, R/W, U/S (ANDed down the levels) change, and ignores NX', () => {
    const b = tables('la48');
    b.map(0x1000n, 0x1000, 4096, P | RW | US);
    b.map(0x2000n, 0x9000, 4096, P | RW | US, NX); // NX and a physical jump: same range
    b.map(0x3000n, 0x3000, 4096, P | US);
    b.tableFlags = P | US; // read-only tables above: the PTE's R/W no longer counts
    b.map(0x8000000000n, 0x4000, 4096, P | RW | US);
    expect(infoMem(stateFor('la48', b.root), b.mem)).toBe(
      '0000000000001000-0000000000003000 0000000000002000 urw\n' +
        '0000000000003000-0000000000004000 0000000000001000 ur-\n' +
        '0000008000000000-0000008000001000 0000000000001000 ur-\n',
    );
  });

  it('merges equal rights across the canonical hole and sign-extends the size', () => {
    const b = tables('la48');
    b.map(0x7ffffffff000n, 0x1000, 4096, P | RW);
    b.map(0xffff800000000000n, 0x2000, 4096, P | RW);
    expect(infoMem(stateFor('la48', b.root), b.mem)).toBe(
      '00007ffffffff000-ffff800000001000 0000000000002000 -rw\n',
    );
  });

  it('prints an end of 1<<47 as ffff800000000000 and the final flush as 0001000000000000', () => {
    const b = tables('la48');
    b.map(0x7ffffffff000n, 0x1000, 4096, P);
    b.map(0xfffffffffffff000n, 0x2000, 4096, P | RW | US);
    expect(infoMem(stateFor('la48', b.root), b.mem)).toBe(
      '00007ffffffff000-ffff800000000000 0000000000001000 -r-\n' +
        'fffffffffffff000-0001000000000000 0000000000001000 urw\n',
    );
  });

  it('says PG disabled when paging is off', () => {
    const b = tables('la48');
    expect(infoMem(stateFor('off', 0), b.mem)).toBe('PG disabled\n');
    expect(infoTlb(stateFor('off', 0), b.mem)).toBe('PG disabled\n');
  });

  it('ignores PAE PDPTE rights and flushes at 4 GiB in PAE and 32-bit paging', () => {
    const b = tables('pae');
    b.map(0xfffff000n, 0x1000, 4096, P | RW | US);
    expect(infoMem(stateFor('pae', b.root), b.mem)).toBe(
      '00000000fffff000-0000000100000000 0000000000001000 urw\n',
    );
    const l = tables('legacy32');
    l.map(0xffc00000n, 0x400000, 0x400000, P | US);
    expect(infoMem(stateFor('legacy32', l.root), l.mem)).toBe(
      '00000000ffc00000-0000000100000000 0000000000400000 ur-\n',
    );
  });

  it('reproduces QEMU 7.2 5-level quirk: present PDPTEs count as holes', () => {
    const b = tables('la57');
    b.map(0x1000n, 0x1000, 4096, P | RW | US);
    expect(infoMem(stateFor('la57', b.root), b.mem)).toBe('');
    // A non-present PDPTE with PS and rights bits is taken as a page.
    const pdpte = b.entryAddr(0x40000000n, 3);
    b.setEntry(pdpte, PS | RW | US);
    expect(infoMem(stateFor('la57', b.root), b.mem)).toBe(
      '0000000040000000-0000000080000000 0000000040000000 urw\n',
    );
  });
});

describe('info tlb', () => {
  it('prints each present leaf with XGPDACTUW and clears PAT on 4 KiB leaves', () => {
    const b = tables('la48');
    b.map(0x1000n, 0x5000, 4096, P | RW | US | A | D | PWT | PCD | G | PS, NX);
    b.map(0xffff800000200000n, 0x400000, 0x200000, P | 0x1000);
    b.map(0xffffffffc0000000n, 0xc0000000, 0x40000000, P | RW, 0x12);
    expect(infoTlb(stateFor('la48', b.root), b.mem)).toBe(
      '0000000000001000: 0000000000005000 XG-DACTUW\n' +
        'ffff800000200000: 0000000000400000 --P------\n' +
        'ffffffffc0000000: 00000012c0000000 --P-----W\n',
    );
  });

  it('keeps the PAE masks: NX shows in the address, 2 MiB pages keep bit 20', () => {
    const b = tables('pae');
    b.map(0x1000n, 0x5000, 4096, P, NX);
    b.map(0x200000n, 0x300000, 0x200000, P | RW);
    expect(infoTlb(stateFor('pae', b.root), b.mem)).toBe(
      '0000000000001000: 8000000000005000 X--------\n' +
        '0000000000200000: 0000000000300000 --P-----W\n',
    );
  });

  it('keeps bit 21 of a 32-bit 4 MiB page and drops PSE-36 bits', () => {
    const b = tables('legacy32');
    const pde = b.entryAddr(0x400000n, 2);
    b.setEntry(pde, 0x800000 | (1 << 21) | (1 << 13) | P | PS);
    expect(infoTlb(stateFor('legacy32', b.root), b.mem)).toBe(
      '0000000000400000: 0000000000a00000 --P------\n',
    );
  });
});
