import { describe, expect, it } from 'vitest';
import { MAP_NO_EXECUTE, MAP_USER, MAP_WRITABLE } from '../../../engine/inspector-views.ts';
import type { MapRanges } from '../../../engine/inspector-views.ts';
import { addressAt, classOf, pixelClasses, rangeNear } from './map-model.ts';

function ranges(list: [number, number, number][]): MapRanges {
  return {
    count: list.length,
    lo: Float64Array.from(list.map((r) => r[0])),
    hi: Float64Array.from(list.map((r) => r[1])),
    phys: new Float64Array(list.length),
    flags: Uint8Array.from(list.map((r) => r[2])),
  };
}

const NX = MAP_NO_EXECUTE;

describe('address-space map model', () => {
  it('a_single_page_in_a_whole_48_bit_view_still_takes_a_pixel', () => {
    const r = ranges([[2 ** 47 + 0x1000, 2 ** 47 + 0x2000, NX]]);
    const px = pixelClasses(r, 0, 2 ** 48, 1000);
    expect([...px].filter((c) => c !== 0)).toEqual([classOf(NX)]);
    expect(px[500]).toBe(classOf(NX));
  });

  it('writable_and_executable_wins_a_shared_pixel', () => {
    const r = ranges([
      [0, 0x1000, NX],
      [0x1000, 0x2000, MAP_WRITABLE],
      [0x2000, 0x3000, MAP_USER | NX],
    ]);
    const px = pixelClasses(r, 0, 0x100000, 10);
    expect(px[0]).toBe(classOf(MAP_WRITABLE));
    expect(px[1]).toBe(0);
  });

  it('sixty_thousand_ranges_aggregate_into_the_pixels', () => {
    const n = 60_000;
    const list: [number, number, number][] = [];
    for (let k = 0; k < n; k++)
      list.push([k * 0x2000, k * 0x2000 + 0x1000, k % 2 ? NX : MAP_WRITABLE]);
    const px = pixelClasses(ranges(list), 0, n * 0x2000, 800);
    // Every pixel holds a writable executable page (the even ones), which outranks the others.
    expect(px.every((c) => c === classOf(MAP_WRITABLE))).toBe(true);
  });

  it('positions_in_the_upper_half_map_back_to_canonical_addresses', () => {
    const view = { upperHalf: 2 ** 47 };
    expect(addressAt(view, 2 ** 48 - 2 ** 31)).toBe(0xffffffff80000000n);
    expect(addressAt(view, 2 ** 47)).toBe(0xffff800000000000n);
    expect(addressAt(view, 0x1000)).toBe(0x1000n);
  });

  it('the_nearest_range_is_found_within_the_slack', () => {
    const r = ranges([
      [0x1000, 0x2000, NX],
      [0x9000, 0xa000, NX],
    ]);
    expect(rangeNear(r, 0x1800, 0)).toBe(0);
    expect(rangeNear(r, 0x2100, 0x200)).toBe(0);
    expect(rangeNear(r, 0x8f00, 0x200)).toBe(1);
    expect(rangeNear(r, 0x5000, 0x200)).toBe(-1);
  });
});
