import { useRef } from 'react';

/**
 * A drag handle between two panels (or columns): reports the pointer's travel in pixels
 * along its axis while dragged. Arrow keys move it too.
 */
export function Gutter(props: { axis: 'x' | 'y'; label: string; onDrag(deltaPx: number): void }) {
  const last = useRef<number | null>(null);
  const at = (e: React.PointerEvent) => (props.axis === 'x' ? e.clientX : e.clientY);
  return (
    <div
      className={`gutter gutter-${props.axis}`}
      role="separator"
      aria-orientation={props.axis === 'x' ? 'vertical' : 'horizontal'}
      aria-label={props.label}
      tabIndex={0}
      onPointerDown={(e) => {
        e.currentTarget.setPointerCapture(e.pointerId);
        last.current = at(e);
      }}
      onPointerMove={(e) => {
        if (last.current === null) return;
        const now = at(e);
        props.onDrag(now - last.current);
        last.current = now;
      }}
      onPointerUp={() => (last.current = null)}
      onKeyDown={(e) => {
        const step = { ArrowLeft: -16, ArrowUp: -16, ArrowRight: 16, ArrowDown: 16 }[e.key];
        if (step === undefined) return;
        e.preventDefault();
        props.onDrag(step);
      }}
    />
  );
}
