/** The rows of a long list worth rendering: those in view and a few either side. */
export interface RowWindow {
  /** First row to render and the row after the last. */
  from: number;
  to: number;
}

/** Rows rendered above and below the view, so a fast scroll does not show blank rows first. */
export const OVERSCAN_ROWS = 20;

/**
 * Which of `count` rows of `rowHeight` pixels a scroll container shows, when the list's top
 * is `top` pixels above the container's visible top (negative while the list starts lower
 * down) and the container is `height` pixels tall.
 */
export function rowWindow(
  top: number,
  height: number,
  rowHeight: number,
  count: number,
  overscan = OVERSCAN_ROWS,
): RowWindow {
  const first = Math.floor(top / rowHeight);
  const last = Math.ceil((top + height) / rowHeight);
  return {
    from: Math.min(count, Math.max(0, first - overscan)),
    to: Math.max(0, Math.min(count, last + overscan)),
  };
}
