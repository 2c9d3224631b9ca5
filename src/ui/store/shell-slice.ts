import type { StateCreator } from 'zustand/vanilla';
import type { AppState } from './types.ts';

export type ThemeChoice = 'system' | 'light' | 'dark';

/** What the shell remembers across reloads: hidden panels, panel sizes, the theme. */
export interface ShellPrefs {
  theme: ThemeChoice;
  hidden: Record<string, true>;
  /** Relative sizes by key: 'columns', or a column's id for the panels stacked in it. */
  sizes: Record<string, number[]>;
}

export interface ShellSlice extends ShellPrefs {
  setTheme(theme: ThemeChoice): void;
  setPanelHidden(id: string, hidden: boolean): void;
  setSizes(key: string, sizes: number[]): void;
  resetLayout(): void;
}

/** Versioned, so a future change of shape starts from defaults instead of misreading. */
export const SHELL_PREFS_KEY = 'pagescope.shell.v1';

const DEFAULTS: ShellPrefs = { theme: 'system', hidden: {}, sizes: {} };

/** Where prefs live: localStorage in the page; nothing (defaults) where there is none. */
export interface PrefsStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Reads stored prefs, keeping each field only if it has the right shape. */
export function loadPrefs(storage: PrefsStorage | null): ShellPrefs {
  let raw: unknown;
  try {
    raw = JSON.parse(storage?.getItem(SHELL_PREFS_KEY) ?? 'null');
  } catch {
    return DEFAULTS;
  }
  if (!isRecord(raw)) return DEFAULTS;
  const theme = ['system', 'light', 'dark'].includes(raw.theme as string)
    ? (raw.theme as ThemeChoice)
    : 'system';
  const hidden: Record<string, true> = {};
  if (isRecord(raw.hidden)) for (const k of Object.keys(raw.hidden)) hidden[k] = true;
  const sizes: Record<string, number[]> = {};
  if (isRecord(raw.sizes))
    for (const [k, v] of Object.entries(raw.sizes))
      if (Array.isArray(v) && v.every((x) => typeof x === 'number' && x > 0)) sizes[k] = v;
  return { theme, hidden, sizes };
}

export function shellSlice(
  storage: PrefsStorage | null,
): StateCreator<AppState, [], [], ShellSlice> {
  return (set, get) => {
    const save = () => {
      const { theme, hidden, sizes } = get();
      try {
        storage?.setItem(SHELL_PREFS_KEY, JSON.stringify({ theme, hidden, sizes }));
      } catch {
        // Storage full or refused (private mode): the choice holds until the page closes.
      }
    };
    const update = (p: Partial<ShellPrefs>) => {
      set(p);
      save();
    };
    return {
      ...loadPrefs(storage),
      setTheme: (theme) => update({ theme }),
      setPanelHidden(id, hide) {
        const hidden = { ...get().hidden };
        if (hide) hidden[id] = true;
        else delete hidden[id];
        update({ hidden });
      },
      setSizes: (key, s) => update({ sizes: { ...get().sizes, [key]: s } }),
      resetLayout: () => update({ hidden: {}, sizes: {} }),
    };
  };
}
