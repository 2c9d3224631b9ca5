import { describe, expect, it } from 'vitest';
import { diffRegisters } from './register-diff.ts';

const changedOf = (now: string, before: string | null) =>
  diffRegisters(now, before)
    .flat()
    .filter((p) => p.changed)
    .map((p) => p.text);

describe('diffRegisters', () => {
  it('marks_only_the_fields_that_differ', () => {
    const before = 'RAX=0000000000000001 RBX=0000000000000002\nRIP=ffffffff80000000 RFL=00000002';
    const now = 'RAX=0000000000000001 RBX=0000000000000003\nRIP=ffffffff80000004 RFL=00000002';
    expect(changedOf(now, before)).toEqual(['RBX=0000000000000003', 'RIP=ffffffff80000004']);
  });

  it('marks_nothing_without_a_dump_from_before', () => {
    expect(changedOf('RAX=1 RBX=2', null)).toEqual([]);
  });

  it('keeps_the_text_exactly', () => {
    const text = 'ES =0030 0000000000000000 ffffffff 00cf9300 DPL=0 DS   [-WA]';
    expect(
      diffRegisters(text, text)[0]
        .map((p) => p.text)
        .join(''),
    ).toBe(text);
  });
});
