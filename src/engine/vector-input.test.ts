import { describe, expect, it } from 'vitest';
import { parseVector } from './vector-input.ts';

describe('parseVector', () => {
  it('reads_numbers_hex_and_mnemonics', () => {
    expect(['14', '0xe', '#PF', 'pf', ' #gp '].map(parseVector)).toEqual([14, 14, 14, 14, 13]);
  });

  it('refuses_vectors_past_31_and_unknown_names', () => {
    expect(parseVector('32')).toMatch(/not an exception vector/);
    expect(parseVector('#XX')).toMatch(/not an exception vector/);
    expect(parseVector('')).toMatch(/not an exception vector/);
  });
});
