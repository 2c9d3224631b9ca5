import type { ITheme } from '@xterm/xterm';

/** The terminal's colours from the page's CSS variables, so it follows the light/dark theme. */
export function terminalTheme(el: HTMLElement): ITheme {
  const css = getComputedStyle(el);
  const v = (name: string, fallback: string) => css.getPropertyValue(name).trim() || fallback;
  return {
    background: v('--term-bg', '#0d1117'),
    foreground: v('--term-fg', '#d1d7e0'),
    cursor: v('--term-fg', '#d1d7e0'),
  };
}
