// The comparison's own checks: a listed difference explains only what it names, anything
// else is a mismatch, and a listed difference a kernel no longer shows is reported.
import { describe, expect, it } from 'vitest';
import { compareViews } from './view-compare.ts';

const QEMU_CS = 'CS =0008 0000000000000000 ffffffff 00af9a00 DPL=0 CS64 [-R-]';
const OURS_CS = 'CS =0008 0000000000000000 ffffffff 00af9b00 DPL=0 CS64 [-RA]';

function views(registers: string[]) {
  return { 'info registers': registers.join('\n'), 'info mem': 'm\n', 'info tlb': 't\n' };
}

describe('view comparison', () => {
  it("explains CS's accessed bit for a kernel that lists it, nothing else", () => {
    const qemu = views(['RAX=0000000000000001', QEMU_CS]);
    expect(
      compareViews('multiboot1-hello', qemu, views(['RAX=0000000000000001', OURS_CS])),
    ).toEqual({ mismatches: [], unused: [] });
    const other = compareViews('multiboot1-hello', qemu, views(['RAX=0000000000000002', OURS_CS]));
    expect(other.mismatches).toEqual([
      "info registers line 1: qemu 'RAX=0000000000000001' pagescope 'RAX=0000000000000002'",
    ]);
  });

  it('a kernel that does not list the difference gets the mismatch; a stale entry is named', () => {
    const qemu = views([QEMU_CS]);
    expect(compareViews('a-kernel-listed-nowhere', qemu, views([OURS_CS])).mismatches).toHaveLength(
      1,
    );
    expect(compareViews('multiboot1-hello', qemu, views([QEMU_CS])).unused).toEqual([
      'cs-loaded-without-accessed',
    ]);
  });
});
