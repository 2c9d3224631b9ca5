import { describe, expect, it } from 'vitest';
import type { ElfSection } from '../boot/elf-sections.ts';
import { namedRanges, runLabels } from './named-regions.ts';
import { addressRanges } from './ranges.ts';
import { NX, P, RW, stateFor, tables } from './test-helpers.ts';

const KERNEL = 0xffffffff80000000n;
const HHDM = 0xffff800000000000n;

const section = (name: string, addr: bigint, size: bigint, writable: boolean): ElfSection => ({
  name,
  addr,
  size,
  writable,
  executable: !writable,
  noBits: false,
});

/** A kernel: .text r-x, .data rw-, a .bss whose second page is unmapped. */
function machine() {
  const b = tables('la48');
  b.mapRun(KERNEL, 0x200000, 2, P);
  b.mapRun(KERNEL + 0x2000n, 0x202000, 2, P | RW, NX);
  for (let m = 0; m < 4; m += 2) b.map(HHDM + BigInt(m << 20), m << 20, 2 << 20, P | RW, NX);
  return addressRanges(stateFor('la48', b.root), b.mem).runs;
}

describe('named regions', () => {
  it('sections, large objects and the loader regions, with what the tables map', () => {
    const runs = machine();
    const named = namedRanges(runs, {
      sections: [
        section('.text', KERNEL, 0x2000n, false),
        section('.data', KERNEL + 0x2000n, 0x1000n, true),
        section('.bss', KERNEL + 0x3000n, 0x2000n, true),
      ],
      symbols: [
        { name: 'pool', value: KERNEL + 0x3000n, size: 0x1000n, type: 'object', global: true },
        { name: 'counter', value: KERNEL + 0x2000n, size: 8n, type: 'object', global: true },
        { name: 'kmain', value: KERNEL, size: 0x1000n, type: 'func', global: true },
      ],
      regions: [
        { name: 'page tables', kind: 'page-tables', phys: { base: 0x100000, length: 0x3000 } },
        { name: 'module', kind: 'module', phys: { base: 0x10000000, length: 0x1000 } },
      ],
    });
    expect(named.map((n) => [n.name, n.kind, n.start, n.mappedBytes, n.rights])).toEqual([
      ['page tables', 'page-tables', HHDM + 0x100000n, 0x3000, ['rw- kernel']],
      ['.text', 'section', KERNEL, 0x2000, ['r-x kernel']],
      ['.data', 'section', KERNEL + 0x2000n, 0x1000, ['rw- kernel']],
      ['.bss', 'section', KERNEL + 0x3000n, 0x1000, ['rw- kernel']],
      ['pool', 'object', KERNEL + 0x3000n, 0x1000, ['rw- kernel']],
      ['module', 'module', null, 0, []],
    ]);
    expect(named[0].phys).toEqual({ start: 0x100000, end: 0x103000 });
    expect(runLabels(runs, named)).toEqual([['page tables'], ['.text'], ['.data', '.bss', 'pool']]);
  });
});
