import { describe, expect, it } from 'vitest';
import { instructionAt, timeScale, visibleMarkers } from './timeline-model.ts';

describe('timeline model', () => {
  it('maps_instructions_to_pixels_and_back_within_the_run', () => {
    const x = timeScale(1_000_000, 500);
    expect(x(500_000)).toBe(250);
    expect(instructionAt(x, 250)).toBe(500_000);
    expect(instructionAt(x, 900)).toBe(1_000_000);
    expect(instructionAt(x, -5)).toBe(0);
  });

  it('folds_markers_of_one_kind_in_one_pixel_column', () => {
    const x = timeScale(1000, 10);
    const shown = visibleMarkers(
      [
        { kind: 'table-write', at: 100, label: 'a' },
        { kind: 'table-write', at: 120, label: 'b' },
        { kind: 'cr3-write', at: 110, label: 'c' },
        { kind: 'table-write', at: 900, label: 'd' },
      ],
      x,
    );
    expect(shown.map((s) => [s.marker.label, s.x, s.count])).toEqual([
      ['a', 1, 2],
      ['c', 1, 1],
      ['d', 9, 1],
    ]);
  });
});
