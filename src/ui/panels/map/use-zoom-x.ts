import { scaleLinear, select, zoom, zoomIdentity } from 'd3';
import type { ScaleLinear, ZoomBehavior, ZoomTransform } from 'd3';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { RefObject } from 'react';

/** Deepest zoom: 2^48 bytes over 2^42 = 64 bytes a view width, well past one page. */
const MAX_ZOOM = 2 ** 42;

/**
 * Horizontal zoom and pan over [0, domain) on an element: d3-zoom owns the gesture (wheel,
 * drag, pinch) and React renders with the scale it yields. `zoomTo` shows [p0, p1).
 */
export function useZoomX(
  ref: RefObject<HTMLDivElement | null>,
  width: number,
  height: number,
  domain: number,
): { x: ScaleLinear<number, number>; zoomTo(p0: number, p1: number): void } {
  const behaviour = useRef<ZoomBehavior<HTMLDivElement, unknown> | null>(null);
  const [t, setT] = useState<ZoomTransform>(zoomIdentity);

  useEffect(() => {
    const el = ref.current;
    if (!el || width === 0) return;
    const whole: [[number, number], [number, number]] = [
      [0, 0],
      [width, height],
    ];
    const z = zoom<HTMLDivElement, unknown>()
      .scaleExtent([1, MAX_ZOOM])
      .extent(whole)
      .translateExtent(whole)
      .on('zoom', (e: { transform: ZoomTransform }) => setT(e.transform));
    behaviour.current = z;
    select(el).call(z);
    return () => {
      select(el).on('.zoom', null);
    };
  }, [ref, width, height]);

  const x = useMemo(
    () => t.rescaleX(scaleLinear().domain([0, domain]).range([0, width])),
    [t, domain, width],
  );

  const zoomTo = useCallback(
    (p0: number, p1: number) => {
      const el = ref.current;
      if (!el || !behaviour.current || width === 0) return;
      const k = domain / (p1 - p0);
      select(el).call(
        behaviour.current.transform,
        zoomIdentity.scale(k).translate((-p0 / domain) * width, 0),
      );
    },
    [ref, domain, width],
  );
  return { x, zoomTo };
}
