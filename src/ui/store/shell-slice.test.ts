import { describe, expect, it } from 'vitest';
import { loadPrefs, SHELL_PREFS_KEY } from './shell-slice.ts';

const storage = (value: string | null) => ({
  getItem: (k: string) => (k === SHELL_PREFS_KEY ? value : null),
  setItem: () => {},
});

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
