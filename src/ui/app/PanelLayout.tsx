import { Fragment, useRef } from 'react';
import type { ReactNode } from 'react';
import { useApp } from '../store/index.ts';
import { Gutter } from './Gutter.tsx';
import { COLUMNS, dragSizes, PANEL_TITLES, sizesFor } from './layout.ts';

/** Moves the gutter after visible item `k`, writing the pair's new sizes into all of them. */
function dragVisible(all: number[], visible: number[], k: number, delta: number, total: number) {
  const moved = dragSizes(
    visible.map((i) => all[i]),
    k,
    delta,
    total,
  );
  const out = [...all];
  visible.forEach((i, j) => (out[i] = moved[j]));
  return out;
}

/**
 * The panels in columns (layout.ts), hidden ones left out and the rest sharing the space;
 * gutters between columns and between stacked panels resize them.
 */
export function PanelLayout(props: { panels: Record<string, ReactNode> }) {
  const hidden = useApp((s) => s.hidden);
  const sizes = useApp((s) => s.sizes);
  const setSizes = useApp((s) => s.setSizes);
  const main = useRef<HTMLElement>(null);
  const columnEls = useRef<Record<string, HTMLDivElement | null>>({});

  const columnSizes = sizesFor(
    sizes.columns,
    COLUMNS.map((c) => c.size),
  );
  const columns = COLUMNS.map((c, ci) => ({
    ...c,
    index: ci,
    visible: c.panels.flatMap((p, i) => (hidden[p.id] || !props.panels[p.id] ? [] : [i])),
  })).filter((c) => c.visible.length > 0);
  const shownColumns = columns.map((c) => c.index);

  return (
    <main className="panels" ref={main}>
      {columns.map((c, k) => {
        const panelSizes = sizesFor(
          sizes[c.id],
          c.panels.map((p) => p.size),
        );
        return (
          <Fragment key={c.id}>
            {k > 0 && (
              <Gutter
                axis="x"
                label={`Resize the columns`}
                onDrag={(d) =>
                  setSizes(
                    'columns',
                    dragVisible(
                      columnSizes,
                      shownColumns,
                      k - 1,
                      d,
                      main.current?.clientWidth ?? 1,
                    ),
                  )
                }
              />
            )}
            <div
              className="panel-column"
              data-column={c.id}
              ref={(el) => {
                columnEls.current[c.id] = el;
              }}
              style={{ flex: `${columnSizes[c.index]} 1 0` }}
            >
              {c.visible.map((i, j) => (
                <Fragment key={c.panels[i].id}>
                  {j > 0 && (
                    <Gutter
                      axis="y"
                      label={`Resize ${PANEL_TITLES[c.panels[c.visible[j - 1]].id]} and ${PANEL_TITLES[c.panels[i].id]}`}
                      onDrag={(d) =>
                        setSizes(
                          c.id,
                          dragVisible(
                            panelSizes,
                            c.visible,
                            j - 1,
                            d,
                            columnEls.current[c.id]?.clientHeight ?? 1,
                          ),
                        )
                      }
                    />
                  )}
                  <div
                    className="panel-slot"
                    data-slot={c.panels[i].id}
                    style={{ flex: `${panelSizes[i]} 1 0` }}
                  >
                    {props.panels[c.panels[i].id]}
                  </div>
                </Fragment>
              ))}
            </div>
          </Fragment>
        );
      })}
    </main>
  );
}
