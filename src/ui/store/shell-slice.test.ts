import { describe, expect, it } from 'vitest';
import { createStore } from 'zustand/vanilla';
import { loadPrefs, SHELL_PREFS_KEY, shellSlice } from './shell-slice.ts';
import type { LayoutPrefs, PrefsStorage } from './shell-slice.ts';
import type { AppState } from './types.ts';

const storage = (value: string | null) => ({
  getItem: (k: string) => (k === SHELL_PREFS_KEY ? value : null),
  setItem: () => {},
});

/** A page's localStorage, starting with `saved` as the viewer's prefs. */
function memoryStorage(saved: object): PrefsStorage & { saved(): unknown } {
  const items = new Map([[SHELL_PREFS_KEY, JSON.stringify(saved)]]);
  return {
    getItem: (k) => items.get(k) ?? null,
    setItem: (k, v) => void items.set(k, v),
    saved: () => JSON.parse(items.get(SHELL_PREFS_KEY)!),
  };
}

/** The shell slice alone, over `prefs`. */
const shellStore = (prefs: PrefsStorage) =>
  createStore<AppState>()((...a) => shellSlice(prefs)(...a) as AppState);

const layout = (s: AppState): LayoutPrefs => ({ hidden: s.hidden, sizes: s.sizes });

const OWN = { theme: 'dark', hidden: { memory: true }, sizes: { columns: [1, 2, 1] } };
const LINK: LayoutPrefs = {
  hidden: { registers: true, serial: true },
  sizes: { left: [1, 1, 3, 1] },
};

describe('shell prefs', () => {
  it('stored_prefs_come_back_as_they_were_saved', () => {
    const saved = { theme: 'light', hidden: { memory: true }, sizes: { columns: [1, 2, 1] } };
    expect(loadPrefs(storage(JSON.stringify(saved)))).toEqual(saved);
  });

  it('damaged_or_foreign_prefs_fall_back_field_by_field', () => {
    expect(loadPrefs(storage('{not json'))).toEqual({ theme: 'system', hidden: {}, sizes: {} });
    const odd = { theme: 'purple', hidden: ['memory'], sizes: { columns: [1, -2], left: [1, 1] } };
    expect(loadPrefs(storage(JSON.stringify(odd)))).toEqual({
      theme: 'system',
      hidden: {},
      sizes: { left: [1, 1] },
    });
    expect(loadPrefs(null).theme).toBe('system');
  });
});

describe('a shared link layout', () => {
  it('is_shown_while_the_saved_prefs_stay_the_viewers', () => {
    const prefs = memoryStorage(OWN);
    const store = shellStore(prefs);
    store.getState().showLinkLayout(LINK);
    expect(layout(store.getState())).toEqual(LINK);
    expect(store.getState().ownLayout).toEqual({ hidden: OWN.hidden, sizes: OWN.sizes });
    expect(store.getState().theme).toBe('dark');
    expect(prefs.saved()).toEqual(OWN);
  });

  it('use_my_layout_shows_the_saved_one_again_and_saves_nothing', () => {
    const prefs = memoryStorage(OWN);
    const store = shellStore(prefs);
    store.getState().showLinkLayout(LINK);
    store.getState().restoreOwnLayout();
    expect(layout(store.getState())).toEqual({ hidden: OWN.hidden, sizes: OWN.sizes });
    expect(store.getState().ownLayout).toBeNull();
    expect(prefs.saved()).toEqual(OWN);
  });

  it('keep_this_layout_saves_the_links_layout_with_the_viewers_theme', () => {
    const prefs = memoryStorage(OWN);
    const store = shellStore(prefs);
    store.getState().showLinkLayout(LINK);
    store.getState().keepLinkLayout();
    expect(store.getState().ownLayout).toBeNull();
    expect(prefs.saved()).toEqual({ theme: 'dark', ...LINK });
    expect(loadPrefs(prefs)).toEqual({ theme: 'dark', ...LINK });
  });

  it('hiding_a_panel_on_it_makes_it_the_viewers_and_saves_it', () => {
    const prefs = memoryStorage(OWN);
    const store = shellStore(prefs);
    store.getState().showLinkLayout(LINK);
    store.getState().setPanelHidden('cr3', true);
    expect(store.getState().ownLayout).toBeNull();
    expect(prefs.saved()).toEqual({
      theme: 'dark',
      hidden: { registers: true, serial: true, cr3: true },
      sizes: LINK.sizes,
    });
  });

  it('resizing_on_it_makes_it_the_viewers_and_saves_it', () => {
    const prefs = memoryStorage(OWN);
    const store = shellStore(prefs);
    store.getState().showLinkLayout(LINK);
    store.getState().setSizes('columns', [3, 1, 1]);
    expect(store.getState().ownLayout).toBeNull();
    expect(prefs.saved()).toEqual({
      theme: 'dark',
      hidden: LINK.hidden,
      sizes: { left: [1, 1, 3, 1], columns: [3, 1, 1] },
    });
  });

  it('a_theme_change_on_it_saves_the_theme_with_the_viewers_own_layout', () => {
    const prefs = memoryStorage(OWN);
    const store = shellStore(prefs);
    store.getState().showLinkLayout(LINK);
    store.getState().setTheme('light');
    expect(prefs.saved()).toEqual({ ...OWN, theme: 'light' });
    expect(layout(store.getState())).toEqual(LINK);
  });

  it('a_second_link_keeps_the_first_ones_saved_layout_to_go_back_to', () => {
    const store = shellStore(memoryStorage(OWN));
    store.getState().showLinkLayout(LINK);
    store.getState().showLinkLayout({ hidden: {}, sizes: {} });
    store.getState().restoreOwnLayout();
    expect(layout(store.getState())).toEqual({ hidden: OWN.hidden, sizes: OWN.sizes });
  });

  it('the_same_layout_as_the_viewers_own_is_not_announced', () => {
    const store = shellStore(memoryStorage(OWN));
    store.getState().showLinkLayout({ hidden: { memory: true }, sizes: { columns: [1, 2, 1] } });
    expect(store.getState().ownLayout).toBeNull();
  });
});
