import type { MapRegionView } from '../../../engine/inspector-views.ts';

export interface PlacedRegion {
  region: MapRegionView;
  lane: number;
  x0: number;
  x1: number;
}

/**
 * Regions in view placed in lanes so none overlaps another in its lane (first fit, in order
 * of their start); each is at least 3 px wide so a 4 KiB stack shows beside a 128 GiB map.
 */
export function placeRegions(
  regions: readonly MapRegionView[],
  toX: (pos: number) => number,
  width: number,
  maxLanes: number,
): PlacedRegion[] {
  const ends: number[] = [];
  const out: PlacedRegion[] = [];
  for (const region of [...regions].sort((a, b) => a.lo - b.lo)) {
    const x0 = Math.max(0, toX(region.lo));
    const x1 = Math.min(width, Math.max(x0 + 3, toX(region.hi)));
    if (x1 <= 0 || x0 >= width) continue;
    let lane = ends.findIndex((end) => end <= x0);
    if (lane < 0) {
      if (ends.length >= maxLanes) continue;
      lane = ends.length;
      ends.push(0);
    }
    ends[lane] = x1 + 2;
    out.push({ region, lane, x0, x1 });
  }
  return out;
}
