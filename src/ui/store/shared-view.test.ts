import { describe, expect, it } from 'vitest';
import type { SharedViewState } from '../../share/shared-session.ts';
import { breakpointsOf, layoutOf, marksOf, queryOf, sharedViewOf } from './shared-view.ts';
import type { AppState } from './types.ts';

/** The parts of the state the view is made of. */
function state(): AppState {
  return {
    views: { translation: { va: '0xFFFFFFFF80001000' } },
    query: { address: 'kmain', access: 'fetch', cpl: 3 },
    hidden: { memory: true, screen: true },
    sizes: { columns: [2, 1, 1], right: [1, 3, 1, 1] },
    breakpoints: [
      { id: 1, enabled: true, kind: 'address', address: '0xFFFFFFFF80002000' },
      { id: 2, enabled: true, kind: 'address', address: 'qemu_exit' },
      { id: 3, enabled: false, kind: 'exception', vector: 14 },
      { id: 4, enabled: true, kind: 'cr3-write' },
    ],
    marks: { a: 100, b: 2000 },
  } as unknown as AppState;
}

describe('shared view state', () => {
  it('carries_the_query_panels_breakpoints_and_marks_there_and_back', () => {
    const view = sharedViewOf(state());
    expect(view.selectedAddress).toBe('0xffffffff80001000');
    expect(view.breakpoints).toEqual(['0xffffffff80002000']);
    expect(view.openPanels).toContain('translation');
    expect(view.openPanels).not.toContain('memory');
    // Through JSON, as a link carries it.
    const back = JSON.parse(JSON.stringify(view)) as SharedViewState;
    expect(queryOf(back)).toEqual({ address: 'kmain', access: 'fetch', cpl: 3 });
    expect(breakpointsOf(back)).toEqual([
      { kind: 'address', address: '0xffffffff80002000', enabled: true },
      { kind: 'address', address: 'qemu_exit', enabled: true },
      { kind: 'exception', vector: 14, enabled: false },
      { kind: 'cr3-write', enabled: true },
    ]);
    expect(marksOf(back)).toEqual({ a: 100, b: 2000 });
    expect(layoutOf(back, { hidden: { cr3: true }, sizes: { left: [1, 1, 1, 1] } })).toEqual({
      hidden: { memory: true, screen: true },
      sizes: { columns: [2, 1, 1], right: [1, 3, 1, 1] },
    });
  });

  it('a_view_that_names_no_panels_or_sizes_leaves_the_layout_shown_as_it_is', () => {
    const current = { hidden: { cr3: true as const }, sizes: { left: [1, 1, 1, 1] } };
    const old: SharedViewState = {
      selectedAddress: null,
      openPanels: [],
      breakpoints: [],
      panelState: {},
    };
    expect(layoutOf(old, current)).toEqual(current);
    const odd = { ...old, panelState: { layout: { sizes: { columns: [1, 0], left: 'x' } } } };
    expect(layoutOf(odd, current)).toEqual({ hidden: current.hidden, sizes: {} });
  });

  it('reads_a_view_without_panel_state_from_its_plain_fields_and_drops_odd_values', () => {
    const view: SharedViewState = {
      selectedAddress: '0x1000',
      openPanels: [],
      breakpoints: ['0x2000'],
      panelState: {
        translation: { access: 'jump', cpl: 7 },
        debug: { breakpoints: [{ kind: 'address' }, { kind: 'table-write' }, 'x'] },
        timeline: { a: -1, b: 1.5 },
      },
    };
    expect(queryOf(view)).toEqual({ address: '0x1000', access: 'read', cpl: 0 });
    expect(breakpointsOf(view)).toEqual([
      { kind: 'address', address: '0x2000', enabled: true },
      { kind: 'table-write', enabled: true },
    ]);
    expect(marksOf(view)).toEqual({ a: null, b: null });
  });
});
