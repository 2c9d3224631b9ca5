import { afterEach, describe, expect, it, vi } from 'vitest';
import { NO_FILTER } from '../../engine/range-filter.ts';
import { EngineClient } from '../../worker/engine-client.ts';
import type { AppState } from './index.ts';
import { testStore, until } from './test-store.ts';

const tableOf = (s: AppState) => s.views?.ranges.table;

describe('the ranges filter in the store', () => {
  it('goes_to_the_engine_which_sends_only_the_runs_it_keeps', async () => {
    const store = testStore();
    await store.getState().start();
    const before = await until(store, (x) => x.status?.run === 'ended' && x.views !== null);
    const total = tableOf(before)!.total;
    const filter = { ...NO_FILTER, virt: '0xffffffff80000000-0xffffffff80004000' };
    store.getState().setRangeFilter(filter);
    const s = await until(store, (x) => tableOf(x)?.filter.virt === filter.virt);
    expect(tableOf(s)).toMatchObject({ filtered: true, total, matching: 2 });
    expect(tableOf(s)!.rows.map((r) => r.start)).toEqual([
      '0xffffffff80000000',
      '0xffffffff80003000',
    ]);
  });

  it('stays_with_what_the_panels_look_at_when_the_translation_or_tree_changes', async () => {
    const store = testStore();
    await store.getState().start();
    await until(store, (x) => x.status?.run === 'ended' && x.views !== null);
    store.getState().setRangeFilter({ ...NO_FILTER, privilege: 'user' });
    await until(store, (x) => tableOf(x)?.filter.privilege === 'user');
    store.getState().setQuery({ address: '0xffffffff80001000' });
    const s = await until(
      store,
      (x) => x.views?.translation?.query.address === '0xffffffff80001000',
    );
    expect(tableOf(s)?.filter.privilege).toBe('user');
    expect(tableOf(s)?.rows.every((r) => r.user)).toBe(true);
    expect(tableOf(s)!.matching).toBeLessThan(tableOf(s)!.total);
    await store.getState().reset();
    const reset = await until(store, (x) => x.status?.run === 'paused' && x.views !== null);
    expect(reset.rangeFilter.privilege).toBe('user');
    expect(tableOf(reset)?.filter.privilege).toBe('user');
  });

  it('asks_the_engine_once_when_a_range_is_typed_key_by_key', async () => {
    const store = testStore();
    await store.getState().start();
    await until(store, (x) => x.status?.run === 'ended' && x.views !== null);
    const watch = vi.spyOn(EngineClient.prototype, 'watch');
    const typed = '0xffffffff80000000-0xffffffff80004000';
    for (let i = 1; i <= typed.length; i++)
      store.getState().setRangeFilter({ ...NO_FILTER, virt: typed.slice(0, i) });
    expect(watch).not.toHaveBeenCalled();
    const s = await until(store, (x) => tableOf(x)?.filter.virt === typed);
    expect(watch).toHaveBeenCalledTimes(1);
    expect(tableOf(s)?.matching).toBe(2);
    // A checkbox is no typing: it goes at once.
    store.getState().setRangeFilter({ ...store.getState().rangeFilter, writable: true });
    expect(watch).toHaveBeenCalledTimes(2);
  });
});

afterEach(() => vi.restoreAllMocks());
