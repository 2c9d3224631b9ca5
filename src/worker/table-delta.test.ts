import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PUBLIC_KERNELS } from '../../tests/kernels/paths.ts';
import { createEngine } from '../engine/session-engine.ts';
import type { PanelViews } from '../engine/views.ts';
import { PostedTables, unpackTables } from './table-delta.ts';

/** The demo's views at its end, with every table of its tree open. */
function demoViews(): { views: () => PanelViews } {
  const r = createEngine(new Uint8Array(readFileSync(join(PUBLIC_KERNELS, 'demo-limine.elf'))));
  if (!r.ok) throw new Error(r.error.message);
  const e = r.engine;
  e.run(10_000_000);
  const open = e.views(null, []).tables.flatMap((t) => t.entries.flatMap((x) => x.child ?? []));
  return { views: () => e.views(null, open) };
}

describe('tables posted once, then by stamp', () => {
  it('sends_a_table_whole_once_then_without_entries_while_its_stamp_holds', () => {
    const { views } = demoViews();
    const posted = new PostedTables();
    const first = posted.pack(views());
    expect(first.kept).toEqual([]);
    const held = first.views;
    expect(held.tables.length).toBeGreaterThan(3);

    const second = posted.pack(views());
    expect(second.kept).toEqual(held.tables.map((t) => t.key));
    expect(second.views.tables.every((t) => t.entries.length === 0)).toBe(true);
    const page = unpackTables(second.views, second.kept, held);
    expect(page.tables).toEqual(held.tables);
    // The page keeps the very objects it held: the tree reuses what it built from them.
    expect(page.tables[1]).toBe(held.tables[1]);
  });

  it('sends_a_changed_table_whole_and_everything_again_for_a_new_machine', () => {
    const { views } = demoViews();
    const posted = new PostedTables();
    const held = posted.pack(views()).views;
    const next = views();
    next.tables[1] = { ...next.tables[1], stamp: 'changed' };
    const packed = posted.pack(next);
    expect(packed.kept).not.toContain(next.tables[1].key);
    expect(packed.views.tables[1].entries).toEqual(held.tables[1].entries);
    expect(packed.kept).toHaveLength(held.tables.length - 1);
    posted.reset();
    expect(posted.pack(views()).kept).toEqual([]);
  });

  it('refuses_to_fill_a_table_the_page_does_not_hold', () => {
    const { views } = demoViews();
    const posted = new PostedTables();
    posted.pack(views());
    const second = posted.pack(views());
    expect(() => unpackTables(second.views, second.kept, null)).toThrow(/not held/);
  });
});
