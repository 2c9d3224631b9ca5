// The entry detectors on hand-made entries: the cases no guest kernel shows.
import { describe, expect, it } from 'vitest';
import { PhysicalMemory } from '../../core/memory/physical-memory.ts';
import { PagingMode } from '../../core/mmu/paging-bits.ts';
import type { Cpu } from '../../core/cpu/cpu.ts';
import { PitfallContext } from './context.ts';
import type { Detector, EntryFacts } from './detector.ts';
import { hugePageAlignment } from './huge-page-alignment.ts';
import { nxWithoutNxe } from './nx-without-nxe.ts';
import { reservedBitsDetector } from './reserved-bits.ts';
import { SymbolNames } from './symbols.ts';
import { tableAddress } from './table-address.ts';

const ALL = [tableAddress, nxWithoutNxe, hugePageAlignment, reservedBitsDetector];

/** An entry of 4-level paging with NXE on, as a scan would pass it; `e` overrides. */
function facts(e: Partial<EntryFacts>): EntryFacts {
  return {
    source: 'tables',
    mode: PagingMode.Level4,
    level: 1,
    lo: 0,
    hi: 0,
    leaf: true,
    entryAddress: 0x3000,
    va: 0xffff800000000000n,
    nxe: true,
    cr3: 0x1000n,
    at: 7,
    rip: null,
    ...e,
  };
}

/** A context over 16 MiB of RAM (the detectors read only its size here). */
function context(): PitfallContext {
  const mem = new PhysicalMemory(16 << 20);
  return new PitfallContext({ mem } as Cpu, mem, new SymbolNames([]), []);
}

/** Runs the entry detectors on one entry; returns [detector, severity, what] of each finding. */
function judge(e: Partial<EntryFacts>, detectors: Detector[] = ALL): [string, string, string][] {
  const ctx = context();
  for (const d of detectors) d.onEntry?.(facts(e), ctx);
  return ctx.findings.map((f) => [f.detector, f.severity, f.what]);
}

describe('entry detectors', () => {
  it('a table pointer holding a kernel-virtual address, whole or cut to 52 bits', () => {
    for (const hi of [0xffffffff, 0x000fffff]) {
      const r = judge({ level: 4, leaf: false, lo: 0x80105003, hi });
      expect(r.map((x) => x[0])).toEqual(['table-address']);
      expect(r[0][2]).toContain('higher-half virtual address');
    }
  });

  it('a table pointer past RAM, a 4 KiB page past RAM; MMIO pages are fine', () => {
    expect(judge({ level: 2, leaf: false, lo: 0x09000003 })[0]).toEqual([
      'table-address',
      'error',
      expect.stringContaining('past the end of RAM (16 MiB)'),
    ]);
    expect(judge({ lo: 0x20000003 })[0].slice(0, 2)).toEqual(['table-address', 'warning']);
    expect(judge({ lo: 0xfee00013 })).toEqual([]);
  });

  it('NX with EFER.NXE clear; not with NXE set', () => {
    expect(judge({ lo: 0x5003, hi: 0x80000000, nxe: false }).map((x) => x[0])).toEqual([
      'nx-without-nxe',
    ]);
    expect(judge({ lo: 0x5003, hi: 0x80000000, nxe: true })).toEqual([]);
  });

  it('misaligned huge pages: PAT bit only (warning), reserved bits, 1 GiB, 4 MiB PSE-36', () => {
    expect(judge({ level: 2, lo: 0x201083 }).map((x) => x.slice(0, 2))).toEqual([
      ['huge-page-alignment', 'warning'],
    ]);
    expect(judge({ level: 2, lo: 0x300083 }).map((x) => x.slice(0, 2))).toEqual([
      ['huge-page-alignment', 'error'],
    ]);
    expect(judge({ level: 3, lo: 0x40200083 })[0][2]).toContain('1 GiB page');
    const legacy = judge({ mode: PagingMode.Legacy32, level: 2, lo: 0x402083 });
    expect(legacy.map((x) => x.slice(0, 2))).toEqual([['huge-page-alignment', 'error']]);
  });

  it('other reserved bits: PS in a PML4 entry, address above MAXPHYADDR, PAE PDPTE bits', () => {
    expect(judge({ level: 4, leaf: false, lo: 0x5083 })[0][2]).toContain('reserved bit 7');
    expect(judge({ lo: 0x5003, hi: 0x100 })[0]).toEqual([
      'reserved-bits',
      'error',
      expect.stringContaining('reserved bit 40 set'),
    ]);
    const pdpte = judge({
      mode: PagingMode.Pae,
      level: 3,
      leaf: false,
      lo: 0x5007,
      hi: 0x80000000,
      nxe: false,
    });
    expect(pdpte.map((x) => x[0])).toEqual(['reserved-bits']);
    expect(pdpte[0][2]).toContain('reserved bits 1-2, 63');
  });

  it('entries of one table fold into one finding with a count', () => {
    const ctx = context();
    for (let i = 0; i < 3; i++)
      nxWithoutNxe.onEntry!(
        facts({ entryAddress: 0x3000 + 8 * i, lo: 0x5003, hi: 0x80000000, nxe: false }),
        ctx,
      );
    expect(ctx.findings).toHaveLength(1);
    expect(ctx.findings[0].count).toBe(3);
  });
});
