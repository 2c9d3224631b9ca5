import { describe, expect, it } from 'vitest';
import { EFER_NXE, PagingMode } from '../core/mmu/paging-bits.ts';
import { decodeEntry } from './entry-decode.ts';
import type { TableFormat } from './tables/table-builder.ts';
import { P, PS, RW, stateFor, tables } from './test-helpers.ts';
import { translate } from './translate.ts';

/** xorshift32: the same "random" entries on every run. */
function prng(seed: number) {
  let x = seed;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return x >>> 0;
  };
}

describe('decodeEntry', () => {
  it('decodes every bit of a 2 MiB leaf', () => {
    const e = decodeEntry(PagingMode.Level4, 2, 0x40201fff, 0x8000000f, true, false);
    expect(e).toMatchObject({
      present: true,
      writable: true,
      user: true,
      pwt: true,
      pcd: true,
      accessed: true,
      dirty: true,
      pageSize: true,
      pat: true,
      global: true,
      noExecute: true,
      available: 7,
      address: 0xf40200000n,
      reservedBits: [],
    });
  });

  it('shows the protection key of 4- and 5-level leaves with CR4.PKE only, never as reserved', () => {
    const hi = 0x78000000; // bits 62:59 = 15
    for (const mode of [PagingMode.Level4, PagingMode.Level5]) {
      const leaf = decodeEntry(mode, 1, 0x1007, hi, true, false, true);
      expect([leaf.protectionKey, leaf.reservedBits, leaf.available]).toEqual([15, [], 0]);
      expect(decodeEntry(mode, 1, 0x1007, hi, true, false).protectionKey).toBeNull();
      expect(decodeEntry(mode, 2, 0x1007, hi, true, false, true).protectionKey).toBeNull();
    }
    expect(
      decodeEntry(PagingMode.Level4, 2, 0x200087, 5 << 27, true, false, true).protectionKey,
    ).toBe(5);
    expect(decodeEntry(PagingMode.Pae, 1, 0x1007, 0, true, false, true).protectionKey).toBeNull();
  });

  it('reads bit 7 of a PTE as PAT, not PS', () => {
    const e = decodeEntry(PagingMode.Level4, 1, 0x1081, 0, true, false);
    expect([e.pageSize, e.pat, e.address]).toEqual([false, true, 0x1000n]);
  });

  it('lists reserved bits: XD without NXE, PS in a PML4E, PAE PDPTE rights bits', () => {
    expect(decodeEntry(PagingMode.Level4, 1, 1, 0x80000000, false, false).reservedBits).toEqual([
      63,
    ]);
    expect(decodeEntry(PagingMode.Level4, 4, 0x81, 0, true, false).reservedBits).toEqual([7]);
    expect(decodeEntry(PagingMode.Pae, 3, 0x7, 0, true, false).reservedBits).toEqual([1, 2]);
    expect(decodeEntry(PagingMode.Level4, 3, 0x2081, 0x100, true, false).reservedBits).toEqual([
      13, 40,
    ]);
  });
});

/**
 * The reserved-bit list must agree with the walker, which decides the fault: entries with
 * random bits at every level, in every mode, checked against what the walk reports.
 */
describe('reserved bits agree with the walker', () => {
  const cases: [TableFormat, number[]][] = [
    ['la48', [4, 3, 2, 1]],
    ['la57', [5, 4, 3, 2, 1]],
    ['pae', [3, 2, 1]],
    ['legacy32', [2, 1]],
  ];
  for (const [format, levels] of cases) {
    for (const nxe of [true, false]) {
      it(`${format}, NXE=${nxe}`, () => {
        const rnd = prng(0x9e3779b9 ^ levels.length ^ (nxe ? 1 : 0));
        for (let n = 0; n < 300; n++) {
          const b = tables(format, 2);
          const va = 0x12345000n;
          b.map(va, 0x5000, 4096, P | RW);
          const level = levels[n % levels.length];
          const addr = b.entryAddr(va, level);
          const e = b.getEntry(addr);
          const lo = (e.lo & 0xfffff000) | (rnd() & 0xfff & ~PS) | P | (rnd() & 1 ? PS : 0);
          const hiBits = rnd() & 0x800fff00; // XD, bits 40-51, 52-59
          b.setEntry(addr, lo ^ (rnd() & 0x3fe000 & -(rnd() & 1)), e.hi | hiBits);
          const s = stateFor(format, b.root);
          if (!nxe) s.efer &= ~EFER_NXE;
          const t = translate(s, b.mem, va, { access: 'read', cpl: 0 });
          const step = t.steps.find((x) => x.depth === level);
          if (!step) continue; // an earlier huge page ended the walk above this level
          const faultedHere = t.fault?.kind === 'reserved' && t.fault.level === step.level;
          expect(faultedHere, `entry ${step.raw.toString(16)} at ${step.level}`).toBe(
            step.entry.reservedBits.length > 0,
          );
        }
      });
    }
  }
});
