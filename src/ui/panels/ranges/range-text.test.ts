import { describe, expect, it } from 'vitest';
import { rangeCells, rangesText } from './range-text.ts';
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
    const lines = rangesText(ROWS, 1234).split('\n');
    expect(lines).toHaveLength(1 + ROWS.length + 2);
    expect(lines[0]).toMatch(/^virtual \(first-last\)\s+size\s+physical\s+rwx/);
    expect(lines[3]).toMatch(
      /^ffffffff80000000-ffffffff80002fff {2}12 KiB {2}0x200000-0x202fff +r-x {2}kernel {2}G {2}4 KiB ×3 +\.text, kernel segment 0$/,
    );
    // Columns line up: the rights column starts at the same place on every line.
    const at = lines[0].indexOf('rwx');
    expect(lines.slice(1, 5).map((l) => l.slice(at, at + 3))).toEqual(['rwx', 'rw-', 'r-x', 'rw-']);
    expect(lines[5]).toBe('… 1,234 more runs not listed');
    expect(lines[6]).toBe('');
  });
});
