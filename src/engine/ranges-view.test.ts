import { describe, expect, it } from 'vitest';
import { NX, P, RW, US, stateFor, tables } from '../analysis/test-helpers.ts';
import { MAX_RANGE_ROWS, rangesTable } from './ranges-view.ts';

const KERNEL = 0xffffffff80000000n;
const HHDM = 0xffff800000000000n;
const section = (name: string, addr: bigint, size: bigint, writable: boolean) => ({
  name,
  addr,
  size,
  writable,
  executable: !writable,
  noBits: false,
});

describe('rangesTable', () => {
  it('lists_runs_with_rights_page_size_and_the_sections_they_hold', () => {
    const b = tables('la48');
    b.mapRun(KERNEL, 0x200000, 2, P);
    b.mapRun(KERNEL + 0x2000n, 0x202000, 1, P | RW, NX);
    b.map(HHDM, 0, 2 << 20, P | RW, NX);
    b.mapRun(0x400000n, 0x300000, 1, P | RW | US);
    const view = rangesTable(stateFor('la48', b.root), b.mem, {
      regions: [],
      symbols: [],
      sections: [
        section('.text', KERNEL, 0x2000n, false),
        section('.data', KERNEL + 0x2000n, 0x1000n, true),
      ],
    });
    expect(view.omitted).toBe(0);
    expect(view.rows.map((r) => [r.start, r.last, r.pageSize, r.labels])).toEqual([
      ['0x0000000000400000', '0x0000000000400fff', '4 KiB', []],
      ['0xffff800000000000', '0xffff8000001fffff', '2 MiB', []],
      ['0xffffffff80000000', '0xffffffff80001fff', '4 KiB', ['.text']],
      ['0xffffffff80002000', '0xffffffff80002fff', '4 KiB', ['.data']],
    ]);
    const [user, hhdm, text] = view.rows;
    expect(user).toMatchObject({
      user: true,
      writable: true,
      noExecute: false,
      physStart: 0x300000,
    });
    expect(hhdm).toMatchObject({ user: false, writable: true, noExecute: true, size: 2 << 20 });
    expect(text).toMatchObject({ writable: false, noExecute: false, pages: 2, physEnd: 0x202000 });
  });

  it('caps_the_rows_and_counts_the_runs_left_out', () => {
    const b = tables('la48', 32);
    // Pages alternating between r-x and rw-: every page is its own run.
    const runs = MAX_RANGE_ROWS + 5;
    for (let i = 0; i < runs; i++)
      b.mapRun(KERNEL + BigInt(i * 4096), 0x800000 + i * 4096, 1, i % 2 ? P : P | RW);
    const view = rangesTable(stateFor('la48', b.root), b.mem, {
      regions: [],
      symbols: [],
      sections: [],
    });
    expect(view.rows).toHaveLength(MAX_RANGE_ROWS);
    expect(view.omitted).toBe(5);
    expect(view.rows.at(-1)?.start).toBe('0xffffffff807cf000');
  });
});
