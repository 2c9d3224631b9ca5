import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { Empty, Panel } from '../../components/Panel.tsx';
import { useInspector } from '../../components/use-inspector.ts';
import { useApp } from '../../store/index.ts';
import { MapCanvas } from './MapCanvas.tsx';
import { placeRegions } from './map-lanes.ts';
import { useZoomX } from './use-zoom-x.ts';
import { addressAt, classOf, CLASSES, hexAddress, rangeNear, sizeText } from './map-model.ts';
import './map.css';

const STRIP = 28;
const AXIS = 18;
const LANE = 16;
const LANES = 4;
const HEIGHT = STRIP + AXIS + LANE * LANES;
const TICK_PX = 170;
/** Half a tick label's width: labels closer to an edge are left out rather than cut. */
const LABEL_HALF = 56;
/** A symbol gets a labelled bar from this many pixels wide. */
const SYMBOL_PX = 30;
/** Pointer slack for a hit, in pixels: a range narrower than a pixel is still hit. */
const SLACK_PX = 3;

/**
 * The whole virtual address space as a strip: mapped ranges coloured by permissions, the
 * non-canonical hole compressed to a line, the named regions in lanes below. Wheel to zoom,
 * drag to pan (d3-zoom on the element; React renders); hover says what is there, a click
 * translates it.
 */
export function MapPanel() {
  const { result: map, error } = useInspector('addressMap', {});
  const setQuery = useApp((s) => s.setQuery);
  /** The timeline's A → B diff, drawn over the strip: what changed between the marks. */
  const diff = useApp((s) => s.spaceDiff);
  const ref = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(0);
  const [hoverPos, setHoverPos] = useState<number | null>(null);
  const domain = map ? 2 ** map.bits : 1;

  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const ro = new ResizeObserver(() => setWidth(el.clientWidth));
    ro.observe(el);
    return () => ro.disconnect();
  }, []);

  const { x, zoomTo } = useZoomX(ref, width, HEIGHT, domain);
  const [d0, d1] = x.domain();
  const lanes = useMemo(() => {
    if (!map) return [];
    // Symbols join the regions once zoomed in far enough to name them.
    const named = map.symbols.filter(
      (s) => x(s.hi) - x(s.lo) >= SYMBOL_PX && x(s.hi) > 0 && x(s.lo) < width,
    );
    return placeRegions([...map.regions, ...named], x, width, LANES);
  }, [map, x, width]);

  /** From the first mapped byte to the last, with a margin. */
  const fit = useCallback(() => {
    const r = map?.ranges;
    if (!r || r.count === 0) return;
    const lo = r.lo[0];
    const hi = r.hi[r.count - 1];
    const pad = (hi - lo) * 0.02;
    zoomTo(Math.max(0, lo - pad), Math.min(domain, hi + pad));
  }, [map, domain, zoomTo]);
  // A new machine's map opens fitted to what it maps.
  const epoch = useApp((s) => s.epoch);
  const fitted = useRef(-1);
  useEffect(() => {
    if (!map || map.ranges.count === 0 || width === 0 || fitted.current === epoch) return;
    fitted.current = epoch;
    fit();
  }, [map, width, epoch, fit]);

  const hit =
    map && hoverPos !== null ? rangeNear(map.ranges, hoverPos, ((d1 - d0) / width) * SLACK_PX) : -1;
  const hoverText = (() => {
    if (!map || hoverPos === null)
      return 'Hover over the map for what is there; click to translate it.';
    const region = map.regions.find((r) => r.lo <= hoverPos && hoverPos < r.hi);
    const symbol = map.symbols.find((r) => r.lo <= hoverPos && hoverPos < r.hi);
    const where = [region, symbol].map((r) => (r ? ` · ${r.name}` : '')).join('');
    if (hit < 0) return `${hexAddress(addressAt(map, hoverPos))}: not mapped${where}`;
    const r = map.ranges;
    return (
      `${hexAddress(addressAt(map, r.lo[hit]))}-${hexAddress(addressAt(map, r.hi[hit]))} ` +
      `(${sizeText(r.hi[hit] - r.lo[hit])}) ${CLASSES[classOf(r.flags[hit]) - 1].name}` +
      ` → physical 0x${r.phys[hit].toString(16)}${where}`
    );
  })();

  const translateHovered = () => {
    if (!map || hoverPos === null) return;
    const r = map.ranges;
    // Inside a range: the page under the pointer; beside a tiny one: its first page.
    const pos = hit >= 0 && (hoverPos < r.lo[hit] || hoverPos >= r.hi[hit]) ? r.lo[hit] : hoverPos;
    setQuery({ address: hexAddress(addressAt(map, pos) & ~0xfffn) });
  };

  // Room for one 18-digit address label every TICK_PX.
  const ticks = x
    .ticks(Math.max(1, Math.floor(width / TICK_PX)))
    .filter((p) => x(p) >= LABEL_HALF && x(p) <= width - LABEL_HALF);
  return (
    <Panel
      title="Address space"
      name="map"
      actions={
        map && (
          <span className="map-zoom" role="group" aria-label="Zoom to">
            <button onClick={fit}>Fit</button>
            <button onClick={() => zoomTo(0, domain)}>All</button>
            {map.upperHalf !== null && (
              <>
                <button onClick={() => zoomTo(0, map.upperHalf!)} title="The lower (user) half">
                  Lower
                </button>
                <button
                  onClick={() => zoomTo(map.upperHalf!, domain)}
                  title="The upper (kernel) half"
                >
                  Upper
                </button>
                <button onClick={() => zoomTo(domain - 2 ** 31, domain)}>Top 2 GiB</button>
              </>
            )}
          </span>
        )
      }
    >
      {error && <p className="input-error">{error}</p>}
      {map && map.ranges.count === 0 && <Empty>Nothing is mapped ({map.mode}).</Empty>}
      <div
        ref={ref}
        className="map"
        data-testid="address-map"
        style={{ height: HEIGHT }}
        onPointerMove={(e) => {
          const box = e.currentTarget.getBoundingClientRect();
          setHoverPos(x.invert(e.clientX - box.left));
        }}
        onPointerLeave={() => setHoverPos(null)}
        onClick={translateHovered}
      >
        {map && (
          <>
            <MapCanvas ranges={map.ranges} d0={d0} d1={d1} width={width} height={STRIP} />
            <svg className="map-overlay" width={width} height={HEIGHT} aria-hidden>
              {map.upperHalf !== null && x(map.upperHalf) >= 0 && x(map.upperHalf) <= width && (
                <g className="map-hole" transform={`translate(${x(map.upperHalf)},0)`}>
                  <line y1={0} y2={STRIP + AXIS} />
                  <title>non-canonical hole (compressed)</title>
                </g>
              )}
              {diff?.ranges
                .filter((r) => x(r.hi) >= 0 && x(r.lo) <= width)
                .map((r) => (
                  <rect
                    key={`${r.kind}:${r.lo}`}
                    className={`map-diff map-diff-${r.kind}`}
                    data-testid="map-diff"
                    x={Math.max(0, x(r.lo))}
                    y={1}
                    // Every changed range stays visible, however far out the zoom.
                    width={Math.max(2, Math.min(width, x(r.hi)) - Math.max(0, x(r.lo)))}
                    height={STRIP - 2}
                  >
                    <title>{r.text}</title>
                  </rect>
                ))}
              {ticks.map((p) => (
                <text key={p} className="map-tick" x={x(p)} y={STRIP + 13}>
                  {hexAddress(addressAt(map, p)).replace(/^0x0*(?=.)/, '0x')}
                </text>
              ))}
              {lanes.map((l) => (
                <g key={`${l.region.kind}:${l.region.name}:${l.region.lo}`}>
                  <rect
                    className={`map-region region-${l.region.kind.replace(/\s/g, '-')}`}
                    x={l.x0}
                    y={STRIP + AXIS + l.lane * LANE}
                    width={l.x1 - l.x0}
                    height={LANE - 3}
                  />
                  {l.x1 - l.x0 > 40 && (
                    <text
                      x={l.x0 + 3}
                      y={STRIP + AXIS + l.lane * LANE + 10}
                      className="map-region-label"
                    >
                      {l.region.name}
                    </text>
                  )}
                </g>
              ))}
            </svg>
          </>
        )}
      </div>
      <p className="map-hover" data-testid="map-hover" aria-live="polite">
        {hoverText}
      </p>
      <ul className="map-legend" aria-label="Permission colours">
        {CLASSES.map((c) => (
          <li key={c.name}>
            <span style={{ background: c.colour }} />
            {c.name}
          </li>
        ))}
      </ul>
      {map && (
        <p className="note">
          {map.mode} · {map.ranges.count} ranges · the non-canonical hole is drawn as a line
          {diff &&
            ` · outlined: the ${diff.ranges.length} ranges that differ between instructions ` +
              `${diff.a} (A) and ${diff.b} (B): green added, red removed, amber changed`}
        </p>
      )}
    </Panel>
  );
}
