import { useCallback, useLayoutEffect, useState } from 'react';
import { rowWindow } from './row-window.ts';
import type { RowWindow } from './row-window.ts';

/**
 * The window of rows to render for a list of fixed-height rows inside a panel's scrolling
 * body (`.panel-body`, the scroll container every panel already has): follows its scroll and
 * its size. Attach `ref` to the element the rows are placed in.
 */
export function useRowWindow(
  rowHeight: number,
  count: number,
): RowWindow & { ref: (el: HTMLElement | null) => void } {
  const [list, setList] = useState<HTMLElement | null>(null);
  const [view, setView] = useState({ top: 0, height: 0 });
  useLayoutEffect(() => {
    const scroller = list?.closest<HTMLElement>('.panel-body');
    if (!list || !scroller) return;
    const measure = () => {
      const top = scroller.getBoundingClientRect().top - list.getBoundingClientRect().top;
      const height = scroller.clientHeight;
      setView((v) => (v.top === top && v.height === height ? v : { top, height }));
    };
    measure();
    scroller.addEventListener('scroll', measure, { passive: true });
    // The list moves when content above it changes size (filters, notes), and grows.
    const resize = new ResizeObserver(measure);
    resize.observe(scroller);
    resize.observe(list);
    return () => {
      scroller.removeEventListener('scroll', measure);
      resize.disconnect();
    };
  }, [list]);
  const ref = useCallback((el: HTMLElement | null) => setList(el), []);
  return { ref, ...rowWindow(view.top, view.height, rowHeight, count) };
}
