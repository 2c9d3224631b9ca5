import type { StateCreator } from 'zustand/vanilla';
import type { AppState } from './types.ts';

export type ThemeChoice = 'system' | 'light' | 'dark';

/** How the panels are laid out: which are hidden and how they share the space. */
export interface LayoutPrefs {
  hidden: Record<string, true>;
  /** Relative sizes by key: 'columns', or a column's id for the panels stacked in it. */
  sizes: Record<string, number[]>;
}

/** What the shell remembers across reloads: the panel layout and the theme. */
export interface ShellPrefs extends LayoutPrefs {
  theme: ThemeChoice;
}

export interface ShellSlice extends ShellPrefs {
  /**
   * The viewer's own layout while a shared link's layout is shown in its place, for this
   * page load only; null when the layout shown is the viewer's own.
   */
  ownLayout: LayoutPrefs | null;
  setTheme(theme: ThemeChoice): void;
  setPanelHidden(id: string, hidden: boolean): void;
  setSizes(key: string, sizes: number[]): void;
  resetLayout(): void;
  /** Shows a shared link's layout without saving it; nothing changes when it is the same. */
  showLinkLayout(layout: LayoutPrefs): void;
  /** Leaves the link's layout for the viewer's own. */
  restoreOwnLayout(): void;
  /** Saves the link's layout as the viewer's own. */
  keepLinkLayout(): void;
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

/** The panel sizes in `v` that have the right shape (lists of positive numbers); others dropped. */
export function readSizes(v: unknown): Record<string, number[]> {
  const sizes: Record<string, number[]> = {};
  if (isRecord(v))
    for (const [k, s] of Object.entries(v))
      if (Array.isArray(s) && s.every((x) => typeof x === 'number' && x > 0)) sizes[k] = s;
  return sizes;
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
  return { theme, hidden, sizes: readSizes(raw.sizes) };
}

/** One spelling per layout, whatever order its keys were written in. */
const layoutKey = ({ hidden, sizes }: LayoutPrefs) =>
  JSON.stringify([
    Object.keys(hidden).sort(),
    Object.entries(sizes).sort(([a], [b]) => (a < b ? -1 : 1)),
  ]);

export function shellSlice(
  storage: PrefsStorage | null,
): StateCreator<AppState, [], [], ShellSlice> {
  return (set, get) => {
    /** Saves the theme and the viewer's own layout, never a link's that is only on show. */
    const save = () => {
      const { theme, hidden, sizes, ownLayout } = get();
      const layout = ownLayout ?? { hidden, sizes };
      try {
        storage?.setItem(SHELL_PREFS_KEY, JSON.stringify({ theme, ...layout }));
      } catch {
        // Storage full or refused (private mode): the choice holds until the page closes.
      }
    };
    /**
     * A change the viewer makes to the layout on show makes it theirs, a link's included:
     * they changed what they were looking at, so going back to the old one later (or saving
     * only their change on top of it) would give a layout they never saw.
     */
    const changeLayout = (layout: Partial<LayoutPrefs>) => {
      set({ ...layout, ownLayout: null });
      save();
    };
    return {
      ...loadPrefs(storage),
      ownLayout: null,
      setTheme(theme) {
        set({ theme });
        save();
      },
      setPanelHidden(id, hide) {
        const hidden = { ...get().hidden };
        if (hide) hidden[id] = true;
        else delete hidden[id];
        changeLayout({ hidden });
      },
      setSizes: (key, s) => changeLayout({ sizes: { ...get().sizes, [key]: s } }),
      resetLayout: () => changeLayout({ hidden: {}, sizes: {} }),
      showLinkLayout(layout) {
        const s = get();
        if (layoutKey(layout) === layoutKey(s)) return;
        // A second link keeps the first one's own layout: that is still the saved one.
        set({ ...layout, ownLayout: s.ownLayout ?? { hidden: s.hidden, sizes: s.sizes } });
      },
      restoreOwnLayout() {
        const own = get().ownLayout;
        if (own) set({ ...own, ownLayout: null });
      },
      keepLinkLayout: () => changeLayout({}),
    };
  };
}
