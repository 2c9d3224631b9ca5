import { describe, expect, it } from 'vitest';
import { NX, P, RW, US, stateFor, tables } from '../analysis/test-helpers.ts';
import { NO_FILTER } from './range-filter.ts';
import type { RangeFilter } from './range-filter.ts';
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
    expect(view).toMatchObject({ matching: 4, total: 4, filtered: false });
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
    const view = rangesTable(stateFor('la48', manyRuns.root), manyRuns.mem, NO_PLAN);
    expect(view.rows).toHaveLength(MAX_RANGE_ROWS);
    expect(view).toMatchObject({ matching: MANY + 1, total: MANY + 1, filtered: false });
    // The user page, then kernel pages 0 to 1998.
    expect(view.rows.at(-1)?.start).toBe('0xffffffff807ce000');
  });
});

/** Kernel pages alternating between r-x and rw- (NX on every fourth), each its own run. */
const MANY = MAX_RANGE_ROWS + 1000;
const manyRuns = tables('la48', 32);
for (let i = 0; i < MANY; i++)
  manyRuns.mapRun(
    KERNEL + BigInt(i * 4096),
    0x800000 + i * 4096,
    1,
    i % 2 ? P : P | RW,
    i % 4 === 3 ? NX : 0,
  );
// A user page past them.
manyRuns.mapRun(0x400000n, 0x300000, 1, P | RW | US);
const NO_PLAN = { regions: [], symbols: [], sections: [] };

const filtered = (f: Partial<RangeFilter>) =>
  rangesTable(stateFor('la48', manyRuns.root), manyRuns.mem, NO_PLAN, { ...NO_FILTER, ...f });

describe('rangesTable with a filter', () => {
  it('finds_runs_past_the_first_rows_by_physical_range', () => {
    // Page 2500 of the kernel run: the 2502nd run in virtual order (the user page is first).
    const view = filtered({ phys: '0x11c4000-0x11c6000' });
    expect(view.rows.map((r) => [r.start, r.physStart])).toEqual([
      ['0xffffffff809c4000', 0x11c4000],
      ['0xffffffff809c5000', 0x11c5000],
    ]);
    expect(view).toMatchObject({ matching: 2, total: MANY + 1, filtered: true });
  });

  it('finds_runs_past_the_first_rows_by_virtual_range', () => {
    const view = filtered({ virt: '0xffffffff80bb7fff' });
    expect(view.rows.map((r) => r.start)).toEqual(['0xffffffff80bb7000']);
    expect(view.rows[0]).toMatchObject({ writable: false, noExecute: true, pageSize: '4 KiB' });
  });

  it('applies_privilege_and_rights_to_every_run_before_the_cap', () => {
    expect(filtered({ privilege: 'user' }).rows.map((r) => r.start)).toEqual([
      '0x0000000000400000',
    ]);
    const kernel = filtered({ privilege: 'kernel' });
    expect(kernel).toMatchObject({ matching: MANY });
    expect(kernel.rows).toHaveLength(MAX_RANGE_ROWS);
    // Kernel pages 0, 2, 4... are writable: half the kernel runs, the last ones past the cap.
    const writable = filtered({ privilege: 'kernel', writable: true });
    expect(writable.matching).toBe(MANY / 2);
    expect(writable.rows.every((r) => r.writable && !r.user)).toBe(true);
    // Executable: not NX (pages 0, 1, 2 of every 4), writable too: pages 0 and 2 of every 4.
    const rwx = filtered({ writable: true, executable: true });
    expect(rwx.matching).toBe(MANY / 2 + 1);
    expect(rwx.rows.slice(0, 3).map((r) => r.start)).toEqual([
      '0x0000000000400000',
      '0xffffffff80000000',
      '0xffffffff80002000',
    ]);
    expect(rwx.rows.at(-1)?.start).toBe('0xffffffff80bb6000');
  });

  it('takes_a_range_that_does_not_read_as_no_limit_and_says_so', () => {
    const view = filtered({ virt: '0xffffffff80001000-0x1000', phys: 'zz top' });
    expect(view).toMatchObject({ matching: MANY + 1, total: MANY + 1, filtered: false });
    expect(view.rows).toHaveLength(MAX_RANGE_ROWS);
    expect(view.filterErrors.virt).toMatch(/not past the start/);
    expect(view.filterErrors.phys).toMatch(/not a hex address or a symbol name/);
    expect(view.filter.phys).toBe('zz top');
  });
});
