import { scaleLinear } from 'd3';
import type { ScaleLinear } from 'd3';
import type { TimelineMarker, TimelineMarkerKind } from '../../../engine/time-travel-views.ts';

/** Marker rows, top to bottom, with their legend words. */
export const MARKER_ROWS: { kind: TimelineMarkerKind; label: string }[] = [
  { kind: 'cr3-write', label: 'CR3 writes' },
  { kind: 'table-write', label: 'page-table writes' },
  { kind: 'exception', label: 'exceptions' },
  { kind: 'finding', label: 'findings' },
];

/** Instruction count to pixel over the run's extent (at least 1, so an empty run draws). */
export function timeScale(end: number, width: number): ScaleLinear<number, number> {
  return scaleLinear()
    .domain([0, Math.max(1, end)])
    .range([0, Math.max(1, width)])
    .clamp(true);
}

/**
 * The markers to draw: one a pixel column and kind (the first there, with how many it
 * stands for), so a kernel writing thousands of entries draws a few hundred ticks.
 */
export function visibleMarkers(
  markers: readonly TimelineMarker[],
  x: ScaleLinear<number, number>,
): { marker: TimelineMarker; x: number; count: number }[] {
  const seen = new Map<string, { marker: TimelineMarker; x: number; count: number }>();
  for (const m of markers) {
    const px = Math.round(x(m.at));
    const key = `${m.kind}:${px}`;
    const hit = seen.get(key);
    if (hit) hit.count++;
    else seen.set(key, { marker: m, x: px, count: 1 });
  }
  return [...seen.values()];
}

/** The instruction under a pixel, rounded to a whole instruction within the run. */
export function instructionAt(x: ScaleLinear<number, number>, px: number): number {
  return Math.round(x.invert(px));
}
