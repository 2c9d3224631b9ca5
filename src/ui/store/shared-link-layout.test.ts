import { describe, expect, it } from 'vitest';
import { SHELL_PREFS_KEY } from './shell-slice.ts';
import type { PrefsStorage } from './shell-slice.ts';
import { testStore, until } from './test-store.ts';

/** A page's localStorage holding `saved` as its shell prefs. */
function pageStorage(saved: object): PrefsStorage & { saved(): string } {
  const items = new Map([[SHELL_PREFS_KEY, JSON.stringify(saved)]]);
  return {
    getItem: (k) => items.get(k) ?? null,
    setItem: (k, v) => void items.set(k, v),
    saved: () => items.get(SHELL_PREFS_KEY)!,
  };
}

const PAGE = 'http://pagescope.test/';
/** Never asked: the demo kernel travels inside the link. */
const SERVICE = { baseUrl: 'http://127.0.0.1:9/' };

describe('opening a shared link', () => {
  it('shows_the_sharers_layout_and_leaves_the_viewers_saved_prefs_as_they_were', async () => {
    const sharer = testStore({ prefs: pageStorage({}) });
    await sharer.getState().start();
    await until(sharer, (s) => s.kernelName === 'demo-limine.elf' && s.status?.run === 'ended');
    sharer.getState().setPanelHidden('memory', true);
    sharer.getState().setSizes('columns', [2, 1, 1]);
    const url = await sharer.getState().createShareLink(PAGE, SERVICE);
    expect(url).toMatch(/#ps2\./);

    const own = { theme: 'light', hidden: { registers: true }, sizes: { columns: [1, 1, 3] } };
    const prefs = pageStorage(own);
    const saved = prefs.saved();
    const viewer = testStore({ prefs });
    await viewer.getState().start();
    await viewer.getState().openSharedLink(url!, SERVICE);
    const s = await until(viewer, (x) => x.ownLayout !== null);
    expect(s.shareOpenError).toBeNull();
    expect(s.hidden).toEqual({ memory: true });
    expect(s.sizes).toEqual({ columns: [2, 1, 1] });
    expect(s.theme).toBe('light');
    expect(prefs.saved()).toBe(saved);

    viewer.getState().restoreOwnLayout();
    expect(viewer.getState().hidden).toEqual(own.hidden);
    expect(viewer.getState().sizes).toEqual(own.sizes);
    expect(prefs.saved()).toBe(saved);
  });
});
