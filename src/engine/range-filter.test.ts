import { describe, expect, it } from 'vitest';
import type { RangeRun } from '../analysis/index.ts';
import {
  limitsRuns,
  NO_FILTER,
  parseHexRange,
  readRangeFilter,
  runMatches,
} from './range-filter.ts';
import type { RangeFilter } from './range-filter.ts';

const run = (start: bigint, size: number, physStart: number, more: Partial<RangeRun> = {}) => ({
  start,
  end: start + BigInt(size),
  size,
  physStart,
  physEnd: physStart + size,
  user: false,
  writable: false,
  noExecute: false,
  global: false,
  pages: size / 4096,
  ...more,
});

/** A user page, a 2 MiB HHDM, kernel text and data. */
const RUNS: RangeRun[] = [
  run(0x400000n, 0x1000, 0x300000, { user: true, writable: true }),
  run(0xffff800000000000n, 0x200000, 0, { writable: true, noExecute: true }),
  run(0xffffffff80000000n, 0x3000, 0x200000),
  run(0xffffffff80003000n, 0x1000, 0x203000, { writable: true, noExecute: true }),
  // The last page of the address space: its end is 2^64.
  run(0xfffffffffffff000n, 0x1000, 0x7ff000, { writable: true, noExecute: true }),
];

const kept = (f: Partial<RangeFilter>) => {
  const read = readRangeFilter({ ...NO_FILTER, ...f });
  return RUNS.filter((r) => runMatches(r, read)).map((r) =>
    r.start.toString(16).padStart(16, '0').slice(-8),
  );
};

describe('parseHexRange', () => {
  it('reads_start_end_with_an_exclusive_end_or_one_address', () => {
    expect(parseHexRange('0xffff800000000000-0xffff800010000000')).toEqual({
      ok: true,
      first: 0xffff800000000000n,
      last: 0xffff80000fffffffn,
    });
    expect(parseHexRange(' ffff_8000_0000_1000 ')).toEqual({
      ok: true,
      first: 0xffff800000001000n,
      last: 0xffff800000001000n,
    });
    expect(parseHexRange('  ')).toBeNull();
  });

  it('says_why_a_range_does_not_read', () => {
    expect(parseHexRange('0x2000-0x1000')).toMatchObject({ ok: false, error: /not past/ });
    expect(parseHexRange('0x1-0x2-0x3')).toMatchObject({ ok: false, error: /start-end/ });
    expect(parseHexRange('0xzz')).toMatchObject({ ok: false });
    expect(parseHexRange('0x1_0000_0000_0000_0000')).toMatchObject({ error: /64 bits/ });
  });
});

describe('runMatches', () => {
  it('keeps_every_run_without_a_filter_and_says_it_limits_nothing', () => {
    expect(kept({})).toHaveLength(RUNS.length);
    expect(limitsRuns(readRangeFilter(NO_FILTER))).toBe(false);
  });

  it('narrows_by_privilege_and_rights', () => {
    expect(kept({ privilege: 'user' })).toEqual(['00400000']);
    expect(kept({ privilege: 'kernel', writable: true })).toEqual([
      '00000000',
      '80003000',
      'fffff000',
    ]);
    expect(kept({ executable: true })).toEqual(['00400000', '80000000']);
    expect(limitsRuns(readRangeFilter({ ...NO_FILTER, executable: true }))).toBe(true);
  });

  it('keeps_runs_overlapping_a_virtual_or_physical_range', () => {
    expect(kept({ virt: '0xffff800000000000-0xffff800010000000' })).toEqual(['00000000']);
    expect(kept({ virt: '0xffffffff80002fff' })).toEqual(['80000000']);
    expect(kept({ virt: '0xffffffff80002fff-0xffffffff80003001' })).toEqual([
      '80000000',
      '80003000',
    ]);
    expect(kept({ virt: '0xffffffffffffffff' })).toEqual(['fffff000']);
    expect(kept({ phys: '0x1ff000-0x201000' })).toEqual(['00000000', '80000000']);
    expect(kept({ phys: '0x300000' })).toEqual(['00400000']);
    expect(kept({ phys: '0x301000' })).toEqual([]);
  });

  it('takes_text_that_does_not_read_as_no_limit_and_says_why', () => {
    const read = readRangeFilter({ ...NO_FILTER, virt: 'nope-', phys: '0x10-0x5' });
    expect(RUNS.filter((r) => runMatches(r, read))).toHaveLength(RUNS.length);
    expect(limitsRuns(read)).toBe(false);
    expect(read.errors.virt).toMatch(/No symbol named nope/);
    expect(read.errors.phys).toMatch(/not past/);
  });
});
