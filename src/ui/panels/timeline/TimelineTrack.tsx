import { useEffect, useRef, useState } from 'react';
import type { PointerEvent } from 'react';
import type { TimelineView } from '../../../engine/time-travel-views.ts';
import { count } from '../../format/numbers.ts';
import { instructionAt, MARKER_ROWS, timeScale, visibleMarkers } from './timeline-model.ts';

const ROW = 9;
const TOP = 4;
const HEIGHT = TOP + ROW * MARKER_ROWS.length + 6;

/**
 * The run from instruction 0 to the furthest reached, a row of ticks per marker kind, the
 * current position, the marks A and B, and while dragging the instruction that a release
 * will seek to. D3 gives the scale; React draws the SVG.
 */
export function TimelineTrack(props: {
  timeline: TimelineView;
  marks: { a: number | null; b: number | null };
  onSeek(at: number): void;
}) {
  const { timeline, marks } = props;
  const box = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(0);
  const [drag, setDrag] = useState<number | null>(null);

  useEffect(() => {
    const el = box.current!;
    const resize = new ResizeObserver(() => setWidth(el.clientWidth));
    resize.observe(el);
    return () => resize.disconnect();
  }, []);

  const x = timeScale(timeline.end, width);
  const at = (e: PointerEvent<SVGSVGElement>) =>
    instructionAt(x, e.clientX - e.currentTarget.getBoundingClientRect().left);
  const rows = new Map(MARKER_ROWS.map((r, i) => [r.kind, TOP + i * ROW]));

  return (
    <div className="timeline-track" ref={box}>
      <svg
        width={width}
        height={HEIGHT}
        role="slider"
        aria-label="Instruction"
        aria-valuemin={0}
        aria-valuemax={timeline.end}
        aria-valuenow={timeline.position}
        data-testid="timeline-track"
        onPointerDown={(e) => {
          e.currentTarget.setPointerCapture(e.pointerId);
          setDrag(at(e));
        }}
        onPointerMove={(e) => {
          if (drag !== null) setDrag(at(e));
        }}
        onPointerUp={(e) => {
          if (drag === null) return;
          setDrag(null);
          props.onSeek(at(e));
        }}
      >
        <rect className="timeline-run" x={0} y={0} width={x(timeline.end)} height={HEIGHT} />
        <line
          className="timeline-position"
          x1={x(timeline.position)}
          x2={x(timeline.position)}
          y1={0}
          y2={HEIGHT}
        />
        {visibleMarkers(timeline.markers, x).map(({ marker, x: px, count: n }) => (
          <line
            key={`${marker.kind}:${px}`}
            className={`timeline-marker marker-${marker.kind}`}
            x1={px + 1}
            x2={px + 1}
            y1={rows.get(marker.kind)!}
            y2={rows.get(marker.kind)! + ROW - 2}
          >
            <title>
              {`${count(marker.at)}: ${marker.label}${n > 1 ? ` (and ${n - 1} more here)` : ''}`}
            </title>
          </line>
        ))}
        {(['a', 'b'] as const).map(
          (slot) =>
            marks[slot] !== null && (
              <g key={slot} className={`timeline-mark mark-${slot}`}>
                <line x1={x(marks[slot])} x2={x(marks[slot])} y1={0} y2={HEIGHT} />
                <text x={x(marks[slot]) + 2} y={HEIGHT - 1}>
                  {slot.toUpperCase()}
                </text>
              </g>
            ),
        )}
        {drag !== null && (
          <g className="timeline-ghost">
            <line x1={x(drag)} x2={x(drag)} y1={0} y2={HEIGHT} />
            <text x={Math.min(x(drag) + 3, width - 90)} y={10}>
              {count(drag)}
            </text>
          </g>
        )}
      </svg>
    </div>
  );
}
