import { useEffect, useRef } from 'react';
import type { MapRanges } from '../../../engine/inspector-views.ts';
import { CLASSES, pixelClasses } from './map-model.ts';

/**
 * The mapped ranges as one strip of pixels, each coloured by the permission class that wins
 * it (map-model.ts): drawn on a canvas, so tens of thousands of ranges cost one pass.
 */
export function MapCanvas(props: {
  ranges: MapRanges;
  d0: number;
  d1: number;
  width: number;
  height: number;
}) {
  const ref = useRef<HTMLCanvasElement>(null);
  const { ranges, d0, d1, width, height } = props;
  useEffect(() => {
    const canvas = ref.current;
    const g = canvas?.getContext('2d');
    if (!canvas || !g || width <= 0) return;
    g.clearRect(0, 0, width, height);
    const px = pixelClasses(ranges, d0, d1, width);
    // Runs of one class are one rectangle.
    for (let p = 0; p < width;) {
      const c = px[p];
      let q = p + 1;
      while (q < width && px[q] === c) q++;
      if (c !== 0) {
        g.fillStyle = CLASSES[c - 1].colour;
        g.fillRect(p, 0, q - p, height);
      }
      p = q;
    }
  }, [ranges, d0, d1, width, height]);
  return (
    <canvas
      ref={ref}
      className="map-strip"
      width={Math.max(1, width)}
      height={height}
      aria-label="Mapped ranges"
      data-ranges={ranges.count}
    />
  );
}
