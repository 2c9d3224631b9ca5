import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PUBLIC_KERNELS } from '../../tests/kernels/paths.ts';
import { createRecordedEngine } from './recorded-engine.ts';
import { createEngine } from './session-engine.ts';
import type { SessionEngine } from './session-engine.ts';
import { tableWriteKernel, TEST_PD, TEST_PT_A, TEST_PT_B } from './table-write-test-kernel.ts';
import type { StopCondition } from './views.ts';

function boot(name: string): SessionEngine {
  const image = new Uint8Array(readFileSync(join(PUBLIC_KERNELS, name)));
  const r = createEngine(image, { imageName: name });
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
  return r.engine;
}

/** Runs in slices of `slice` until a breakpoint or target stops it, or the machine ends. */
function runUntilHit(e: SessionEngine, slice = 100_000, slices = 5_000) {
  e.resume();
  for (let i = 0; i < slices; i++) {
    if (e.run(slice)) return null;
    if (e.breakHit) return e.breakHit;
  }
  throw new Error('neither a stop nor the end');
}

const bp = (id: number, c: StopCondition) => ({ id, enabled: true, ...c });

describe('run to and breakpoints', () => {
  it('run_to_the_next_cr3_write_stops_right_after_the_mov', () => {
    const e = boot('demo-limine.elf');
    e.runTo({ kind: 'cr3-write' });
    const hit = runUntilHit(e);
    expect(hit?.reason).toBe('run-to');
    expect(hit?.message).toMatch(
      /CR3 write at 0x[0-9a-f]{16} \(kspace_switch\+0x[0-9a-f]+\).* -> 0x100000/,
    );
    const v = e.views(null, []);
    expect(v.cr3.value).toBe('0x0000000000100000');
    expect(v.cr3.history).toHaveLength(2);
    expect(v.cr3.history[1].at).toBe(e.status('paused').guestTime - 1);
    expect(e.status('paused').pause).toEqual(hit);
    // A one-shot target: the run now goes on to the end.
    expect(runUntilHit(e)).toBeNull();
    expect(e.stop?.reason).toBe('exit');
  });

  it('an_address_breakpoint_stops_before_the_instruction_at_the_same_point_however_sliced', () => {
    const at = (slice: number) => {
      const e = boot('demo-limine.elf');
      e.setBreakpoints([bp(7, { kind: 'address', address: 'put_hex' })]);
      const hit = runUntilHit(e, slice);
      return { e, hit, status: e.status('paused') };
    };
    const a = at(1_000_000);
    const b = at(777);
    expect(a.hit).toMatchObject({ reason: 'breakpoint', breakpoint: 7 });
    expect(a.status.where).toBe('put_hex');
    expect(b.status.guestTime).toBe(a.status.guestTime);
    const [view] = a.e.views(null, []).breakpoints;
    expect(view).toMatchObject({ id: 7, hits: 1, error: null });
    expect(view.label).toMatch(/^RIP = 0x[0-9a-f]{16} \(put_hex\)$/);
    // Resumed, it runs put_hex and stops at its next call.
    const next = runUntilHit(a.e);
    expect(next?.breakpoint).toBe(7);
    expect(a.e.status('paused').guestTime).toBeGreaterThan(a.status.guestTime);
    expect(a.e.views(null, []).breakpoints[0].hits).toBe(2);
  });

  it('a_disabled_breakpoint_or_one_that_does_not_parse_never_stops', () => {
    const e = boot('demo-limine.elf');
    e.setBreakpoints([
      { ...bp(1, { kind: 'address', address: 'put_hex' }), enabled: false },
      bp(2, { kind: 'address', address: 'no_such_symbol' }),
    ]);
    expect(e.views(null, []).breakpoints[1].error).toMatch(/No symbol named no_such_symbol/);
    expect(runUntilHit(e)).toBeNull();
    expect(e.stop?.reason).toBe('exit');
    expect(() => e.runTo({ kind: 'address', address: 'zzz' })).toThrow(/zzz/);
  });

  it('an_exception_vector_breakpoint_stops_at_that_vector_once_delivered', () => {
    const at = (vector: number) => {
      const e = boot('pitfall-stack-guard.elf');
      e.setBreakpoints([bp(vector, { kind: 'exception', vector })]);
      return { hit: runUntilHit(e), status: e.status('paused') };
    };
    const pf = at(14);
    expect(pf.hit).toMatchObject({ reason: 'breakpoint', breakpoint: 14 });
    expect(pf.hit?.message).toMatch(/^Stopped at #PF \(error code 0x[0-9a-f]+\), CR2 0x/);
    // The stack overflowed into the guard page: delivering the #PF raised the #DF.
    const df = at(8);
    expect(df.hit?.message).toMatch(/^Stopped at #DF/);
    expect(df.status.where).toMatch(/^isr_stubs\+/); // the #DF gate's stub
    expect(df.status.guestTime).toBe(pf.status.guestTime);
  });

  it('a_page_table_write_breakpoint_stops_after_the_store', () => {
    const e = boot('pitfall-stale-tlb.elf');
    e.setBreakpoints([bp(1, { kind: 'table-write' })]);
    const hit = runUntilHit(e);
    expect(hit?.breakpoint).toBe(1);
    const m = /entry at physical (0x[0-9a-f]+): 0x[0-9a-f]+ -> (0x[0-9a-f]+)/.exec(hit!.message);
    expect(m).not.toBeNull();
    // The store has landed.
    const bytes = e.readRam(Number(m![1]), 8);
    const now = new DataView(bytes.buffer, bytes.byteOffset).getBigUint64(0, true);
    expect(now).toBe(BigInt(m![2]));
  });

  it('run_to_an_exception_of_any_vector_stops_at_the_first', () => {
    const e = boot('exception-test.elf');
    e.runTo({ kind: 'exception', vector: null });
    expect(runUntilHit(e)?.message).toMatch(/^Stopped at #DE/);
  });

  it('a_page_table_write_breakpoint_sees_tables_no_walk_has_read', () => {
    const r = createEngine(tableWriteKernel());
    if (!r.ok) throw new Error(r.error.message);
    const e = r.engine;
    e.setBreakpoints([bp(1, { kind: 'table-write' })]);
    expect(tableWriteHits(e)).toEqual([TEST_PT_A, TEST_PD + 8, TEST_PT_B + 4]);
  });

  it('a_page_table_write_breakpoint_still_sees_them_after_a_seek_back', () => {
    const r = createRecordedEngine(
      { name: 'table-write', bytes: tableWriteKernel() },
      { ramSize: 16 << 20, cmdline: '' },
      {},
    );
    if (!r.ok) throw new Error(r.error.message);
    const e = r.engine;
    e.setBreakpoints([bp(1, { kind: 'table-write' })]);
    runUntilHit(e, 1_000);
    const first = e.status('paused').guestTime;
    expect(tableWriteHits(e)).toEqual([TEST_PD + 8, TEST_PT_B + 4]);
    // Back to just before the store into the first table, paging already on.
    while (!e.timeTravel!.seekPiece(first - 1, 100_000));
    e.travelled({ reason: 'pause', message: 'Paused.', breakpoint: null });
    expect(tableWriteHits(e)).toEqual([TEST_PT_A, TEST_PD + 8, TEST_PT_B + 4]);
    expect(e.status('paused').guestTime).toBeGreaterThan(first);
  });
});

/** The entries the next table-write stops name, until the guest (spinning) makes no more. */
function tableWriteHits(e: SessionEngine): number[] {
  const out: number[] = [];
  for (;;) {
    let hit;
    try {
      hit = runUntilHit(e, 1_000, 50);
    } catch {
      return out;
    }
    const m = /entry at physical (0x[0-9a-f]+)/.exec(hit?.message ?? '');
    if (!m) throw new Error(`not a table write: ${hit?.message}`);
    out.push(Number(m[1]));
  }
}
