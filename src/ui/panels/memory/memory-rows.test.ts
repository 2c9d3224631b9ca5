import { describe, expect, it } from 'vitest';
import type { MemoryView } from '../../../engine/inspector-views.ts';
import { asciiOf, memoryRows, windowBase, WINDOW_ROWS } from './memory-rows.ts';

describe('memory rows', () => {
  it('unreadable_spans_say_why_on_their_first_row_only', () => {
    const view: MemoryView = {
      query: { address: '0x1000', space: 'virtual', length: 64 },
      start: '0x0000000000000ff0',
      bytes: new Uint8Array(48).fill(0x41),
      spans: [
        { offset: 0, length: 16, readable: true, physical: '0x5ff0', why: '' },
        { offset: 16, length: 32, readable: false, physical: null, why: 'PT[1] is not present' },
      ],
    };
    const rows = memoryRows(view);
    expect(rows.map((r) => [r.address, r.bytes !== null, r.why])).toEqual([
      [0xff0n, true, ''],
      [0x1000n, false, 'PT[1] is not present'],
      [0x1010n, false, ''],
    ]);
    expect(rows[2].title).toBe('PT[1] is not present');
    expect(rows[0].physical).toBe('0x5ff0');
    expect(asciiOf(rows[0].bytes!)).toBe('A'.repeat(16));
  });

  it('the_scroll_window_stays_inside_the_64_bit_space', () => {
    expect(windowBase(0x10n)).toBe(0n);
    const top = windowBase((1n << 64n) - 16n);
    expect(top + BigInt(WINDOW_ROWS * 16)).toBe(1n << 64n);
    expect(windowBase(0x1000000n)).toBe(0x1000000n - BigInt((WINDOW_ROWS / 2) * 16));
  });
});
