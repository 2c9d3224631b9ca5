import { describe, expect, it } from 'vitest';
import { filterRows, NO_FILTER, parseHexRange } from './range-filter.ts';
import { ROWS } from './test-rows.ts';

const starts = (f: Partial<typeof NO_FILTER>) =>
  filterRows(ROWS, { ...NO_FILTER, ...f }).rows.map((r) => r.start.slice(-8));

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
  });
});

describe('filterRows', () => {
  it('keeps_everything_without_a_filter', () => {
    expect(starts({})).toHaveLength(ROWS.length);
  });

  it('narrows_by_privilege_and_rights', () => {
    expect(starts({ privilege: 'user' })).toEqual(['00400000']);
    expect(starts({ privilege: 'kernel', writable: true })).toEqual(['00000000', '80003000']);
    expect(starts({ executable: true })).toEqual(['00400000', '80000000']);
  });

  it('keeps_runs_overlapping_a_virtual_or_physical_range', () => {
    expect(starts({ virt: '0xffff800000000000-0xffff800010000000' })).toEqual(['00000000']);
    expect(starts({ virt: '0xffffffff80002fff' })).toEqual(['80000000']);
    expect(starts({ virt: '0xffffffff80002fff-0xffffffff80003001' })).toEqual([
      '80000000',
      '80003000',
    ]);
    expect(starts({ phys: '0x1ff000-0x201000' })).toEqual(['00000000', '80000000']);
    expect(starts({ phys: '0x300000' })).toEqual(['00400000']);
  });

  it('reports_a_bad_range_and_leaves_it_out', () => {
    const r = filterRows(ROWS, { ...NO_FILTER, virt: 'nope-', phys: '0x10-0x5' });
    expect(r.rows).toHaveLength(ROWS.length);
    expect(r.virtError).not.toBeNull();
    expect(r.physError).toMatch(/not past/);
  });
});
