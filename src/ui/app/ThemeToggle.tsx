import { useLayoutEffect, useSyncExternalStore } from 'react';
import { useApp } from '../store/index.ts';
import type { ThemeChoice } from '../store/shell-slice.ts';

const LIGHT = '(prefers-color-scheme: light)';

function subscribe(onChange: () => void) {
  const m = window.matchMedia(LIGHT);
  m.addEventListener('change', onChange);
  return () => m.removeEventListener('change', onChange);
}

const NEXT: Record<ThemeChoice, ThemeChoice> = { system: 'light', light: 'dark', dark: 'system' };
const LABEL: Record<ThemeChoice, string> = { system: 'Auto', light: 'Light', dark: 'Dark' };

/**
 * The theme button: Auto (the system's preference, the default), Light, Dark in turn. The
 * effective theme is the root element's data-theme, which theme.css keys its colours on; it
 * is set before the panels' own effects run, so they read the new colours.
 */
export function ThemeToggle() {
  const theme = useApp((s) => s.theme);
  const setTheme = useApp((s) => s.setTheme);
  const systemLight = useSyncExternalStore(subscribe, () => window.matchMedia(LIGHT).matches);
  const effective = theme === 'system' ? (systemLight ? 'light' : 'dark') : theme;
  useLayoutEffect(() => {
    document.documentElement.dataset.theme = effective;
  }, [effective]);
  return (
    <button
      className="theme-toggle"
      onClick={() => setTheme(NEXT[theme])}
      title={`Theme: ${LABEL[theme]}${theme === 'system' ? ` (${effective})` : ''}; click for ${LABEL[NEXT[theme]]}`}
      data-theme-choice={theme}
    >
      {effective === 'light' ? '☀' : '☾'} {LABEL[theme]}
    </button>
  );
}
