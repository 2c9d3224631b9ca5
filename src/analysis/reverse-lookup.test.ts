import { describe, expect, it } from 'vitest';
import { offsetRegions } from './offset-regions.ts';
import { addressRanges } from './ranges.ts';
import { physicalAliases } from './reverse-lookup.ts';
import { NX, P, RW, US, stateFor, tables } from './test-helpers.ts';

const HHDM = 0xffff800000000000n;
const MiB = 1 << 20;

/** Identity 0-4 MiB, an HHDM of 0-8 MiB without 4-6 MiB, the kernel and a user alias of it. */
function machine() {
  const b = tables('la48', 16);
  for (let m = 0; m < 4; m += 2) b.map(BigInt(m * MiB), m * MiB, 2 * MiB, P | RW);
  for (const m of [0, 2, 6]) b.map(HHDM + BigInt(m * MiB), m * MiB, 2 * MiB, P | RW, NX);
  b.mapRun(0xffffffff80000000n, 0x200000, 3, P);
  b.map(0x400000000n, 0x201000, 4096, P | US | RW, NX);
  for (let m = 0; m < 32; m += 2)
    // 32 MiB at 256 MiB
    b.map(0xffffc00000000000n + BigInt(m * MiB), 0x10000000 + m * MiB, 2 * MiB, P | RW, NX);
  return { state: stateFor('la48', b.root), mem: b.mem };
}

describe('reverse lookup', () => {
  it('every virtual address of one physical byte, from one pass over the tables', () => {
    const { state, mem } = machine();
    const got = physicalAliases(state, mem, 0x201234);
    expect(got.map((a) => [a.start, a.end - a.start, a.user, a.writable, a.noExecute])).toEqual([
      [0x201234n, 1n, false, true, false],
      [0x400000234n, 1n, true, true, true],
      [HHDM + 0x201234n, 1n, false, true, true],
      [0xffffffff80001234n, 1n, false, false, false],
    ]);
  });

  it('a physical range: each alias cut to the part that maps it', () => {
    const { state, mem } = machine();
    const got = physicalAliases(state, mem, 0x1ff000, 0x3000);
    expect(got.map((a) => [a.start, a.end, a.physStart, a.physEnd])).toEqual([
      [0x1ff000n, 0x202000n, 0x1ff000, 0x202000],
      [0x400000000n, 0x400001000n, 0x201000, 0x202000],
      [HHDM + 0x1ff000n, HHDM + 0x202000n, 0x1ff000, 0x202000],
      [0xffffffff80000000n, 0xffffffff80002000n, 0x200000, 0x202000],
    ]);
    expect(physicalAliases(state, mem, 0x900000)).toEqual([]);
  });
});

describe('constant-offset regions', () => {
  it('the identity map, the HHDM across its hole, another large direct map; not the kernel', () => {
    const { state, mem } = machine();
    const regions = offsetRegions(addressRanges(state, mem).runs, false);
    expect(regions.map((r) => [r.kind, r.start, r.end, r.mappedBytes])).toEqual([
      ['identity', 0n, 0x400000n, 4 * MiB],
      ['hhdm', HHDM, HHDM + 0x800000n, 6 * MiB],
      ['direct', 0xffffc00000000000n, 0xffffc00002000000n, 32 * MiB],
    ]);
    expect(regions.map((r) => r.label)).toEqual([
      'identity map, covers 0x0-0x400000',
      'HHDM, offset 0xffff800000000000, covers 0x0-0x800000 (6 MiB of it mapped)',
      'direct map, offset 0xffffbffff0000000, covers 0x10000000-0x12000000',
    ]);
  });

  it('the HHDM the loader reported, and the 5-level default', () => {
    const { state, mem } = machine();
    const runs = addressRanges(state, mem).runs;
    const moved = offsetRegions(runs, false, { hhdmOffset: 0xffffbffff0000000n });
    expect(moved.map((r) => r.kind)).toEqual(['identity', 'hhdm']); // 6 MiB: below minBytes
    const small = offsetRegions(runs, false, { hhdmOffset: 0xffffbffff0000000n, minBytes: MiB });
    expect(small.map((r) => r.kind)).toEqual(['identity', 'direct', 'hhdm']);
    const b = tables('la57');
    b.mapRun(0xff00000000000000n, 0, 4, P | RW);
    const la57 = stateFor('la57', b.root);
    expect(offsetRegions(addressRanges(la57, b.mem).runs, true)[0].label).toBe(
      'HHDM, offset 0xff00000000000000, covers 0x0-0x4000',
    );
  });
});
