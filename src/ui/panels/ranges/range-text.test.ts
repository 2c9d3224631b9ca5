import { describe, expect, it } from 'vitest';
import { rangeCells, rangesSummary, rangesText } from './range-text.ts';
import { ROWS } from './test-rows.ts';

describe('range text', () => {
  it('formats_a_row_with_rights_page_size_and_labels', () => {
    expect(rangeCells(ROWS[2])).toEqual({
      virt: 'ffffffff80000000-ffffffff80002fff',
      size: '12 KiB',
      phys: '0x200000-0x202fff',
      rights: 'r-x',
      who: 'kernel',
      global: 'G',
      pages: '4 KiB ×3',
      labels: '.text, kernel segment 0',
    });
    expect(rangeCells(ROWS[0])).toMatchObject({ rights: 'rwx', who: 'user', global: '-' });
  });

  it('lines_up_the_columns_under_a_header_and_says_what_was_left_out', () => {
    const table = { rows: ROWS, matching: 1238, total: 1238, filtered: false };
    const lines = rangesText(table).split('\n');
    expect(lines).toHaveLength(1 + ROWS.length + 2);
    expect(lines[0]).toMatch(/^virtual \(first-last\)\s+size\s+physical\s+rwx/);
    expect(lines[3]).toMatch(
      /^ffffffff80000000-ffffffff80002fff {2}12 KiB {2}0x200000-0x202fff +r-x {2}kernel {2}G {2}4 KiB ×3 +\.text, kernel segment 0$/,
    );
    // Columns line up: the rights column starts at the same place on every line.
    const at = lines[0].indexOf('rwx');
    expect(lines.slice(1, 5).map((l) => l.slice(at, at + 3))).toEqual(['rwx', 'rw-', 'r-x', 'rw-']);
    expect(lines[5]).toBe('… showing 4 of 1,238 runs');
    expect(lines[6]).toBe('');
  });

  it('says_nothing_more_when_every_run_is_shown_and_the_filter_when_one_applies', () => {
    const all = { rows: ROWS, matching: 4, total: 4, filtered: false };
    expect(rangesText(all).trimEnd().split('\n')).toHaveLength(1 + ROWS.length);
    expect(rangesSummary(all)).toBe('4 runs');
    const some = { rows: ROWS, matching: 4, total: 262144, filtered: true };
    expect(rangesText(some).trimEnd().split('\n').at(-1)).toBe('… 4 matching runs (of 262,144)');
  });

  it('summarizes_a_capped_filtered_table_by_what_is_shown_matched_and_there', () => {
    const rows = Array.from({ length: 2000 }, () => ROWS[0]);
    expect(rangesSummary({ rows, matching: 131072, total: 262144, filtered: true })).toBe(
      'showing 2,000 of 131,072 matching runs (of 262,144)',
    );
    expect(rangesSummary({ rows: [], matching: 0, total: 7, filtered: true })).toBe(
      '0 matching runs (of 7)',
    );
    expect(rangesSummary({ rows: ROWS.slice(0, 1), matching: 1, total: 7, filtered: true })).toBe(
      '1 matching run (of 7)',
    );
  });
});
