import { describe, expect, it } from 'vitest';
import { tableKey } from '../../engine/views.ts';
import { testStore, until } from './test-store.ts';

describe('app store over the in-process engine', () => {
  it('start_boots_the_demo_and_fills_the_views_and_serial_text', async () => {
    const store = testStore();
    await store.getState().start();
    const s = await until(store, (x) => x.status?.run === 'ended' && x.views !== null);
    expect(s.kernelName).toBe('demo-limine.elf');
    expect(s.views?.cr3.value).toBe('0x0000000000100000');
    expect(s.serial).toContain('demo-limine: done, exit 0');
    // The translation follows the entry point until the user types another address.
    expect(s.query.address).toBe(s.boot?.entry);
  });

  it('a_failed_boot_keeps_the_session_and_says_why', async () => {
    const store = testStore();
    await store.getState().start();
    await store.getState().bootImage(new Uint8Array([0x7f, 0x45, 0x4c, 0x46]), 'short.elf');
    const s = store.getState();
    expect(s.bootFailure?.code).toBe('BOOT_TRUNCATED_HEADER');
    expect(s.kernelName).toBe('demo-limine.elf');
  });

  it('step_keeps_the_registers_from_before_for_highlighting', async () => {
    const store = testStore();
    await store.getState().start();
    await until(store, (x) => x.status?.run === 'ended');
    await store.getState().reset();
    await until(store, (x) => x.status?.run === 'paused' && x.status.retired === 0);
    const before = store.getState().views?.registers;
    await store.getState().step(1);
    const s = await until(store, (x) => x.status?.retired === 1);
    expect(s.registersBefore).toBe(before);
    expect(s.views?.registers).not.toBe(before);
  });

  it('opening_a_table_below_the_top_levels_makes_the_engine_read_it', async () => {
    const store = testStore();
    await store.getState().start();
    const s = await until(store, (x) => x.status?.run === 'ended' && x.views !== null);
    // The root and the tables of its entries come unasked: the tree's top levels.
    const [root, pdpt] = s.views!.tables;
    expect(root.entries.find((e) => e.child)!.child).toEqual(pdpt.ref);
    const pdpte = pdpt.entries.find((e) => e.child)!;
    const key = tableKey(pdpte.child!);
    expect(s.views!.tables.some((t) => t.key === key)).toBe(false);
    store.getState().toggleTable(key, pdpte.child!, pdpt.key, false);
    const opened = await until(store, (x) => x.views?.tables.some((t) => t.key === key) ?? false);
    expect(opened.views!.tables.find((t) => t.key === key)!.entries.length).toBeGreaterThan(0);
    // Closing the top-level table above it closes it too.
    store.getState().toggleTable(pdpt.key, pdpt.ref, root.key, true);
    expect(store.getState().expanded).toEqual({});
    expect(store.getState().closedTop).toEqual({ [pdpt.key]: true });
  });

  it('a_breakpoint_added_in_the_store_stops_the_run_and_the_status_says_why', async () => {
    const store = testStore();
    await store.getState().start();
    await until(store, (x) => x.status?.run === 'ended');
    await store.getState().reset();
    await until(store, (x) => x.status?.run === 'paused' && x.status.retired === 0);
    store.getState().addBreakpoint({ kind: 'address', address: 'qemu_exit' });
    expect(await store.getState().runTo({ kind: 'address', address: 'nowhere' })).toMatch(
      /No symbol named nowhere/,
    );
    await store.getState().run();
    const s = await until(store, (x) => x.status?.pause?.reason === 'breakpoint');
    expect(s.status?.where).toBe('qemu_exit');
    expect(s.status?.run).toBe('paused');
    // The registers from before the run, to highlight what it changed.
    expect(s.registersBefore).not.toBeNull();
    store.getState().toggleBreakpoint(s.breakpoints[0].id);
    expect(store.getState().breakpoints[0].enabled).toBe(false);
    await store.getState().run();
    await until(store, (x) => x.status?.run === 'ended');
  });
});
