import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXPECTED_DIR, PUBLIC_KERNELS } from '../../tests/kernels/paths.ts';
import { serialMismatch } from '../../tests/kernels/serial-match.ts';
import { createEngine } from './session-engine.ts';
import type { SessionEngine } from './session-engine.ts';

const kernel = (name: string) => new Uint8Array(readFileSync(join(PUBLIC_KERNELS, name)));

function boot(name: string): SessionEngine {
  const r = createEngine(kernel(name), { imageName: name });
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
  return r.engine;
}

/** Runs in slices, as the worker does, until the machine ends (or 50M instructions). */
function runToEnd(e: SessionEngine) {
  for (let i = 0; i < 500; i++) if (e.run(100_000)) break;
  return e.stop;
}

describe('SessionEngine on the demo kernel', () => {
  it('boots_demo_runs_to_exit_with_the_expected_serial_output', () => {
    const e = boot('demo-limine.elf');
    expect(e.bootInfo().protocol).toBe('limine');
    const stop = runToEnd(e);
    expect(stop?.reason).toBe('exit');
    expect(stop?.message).toMatch(/wrote 0 to the exit port/);
    const expected = readFileSync(join(EXPECTED_DIR, 'demo-limine.txt'), 'utf8');
    expect(serialMismatch(expected, e.serial.all())).toBeUndefined();
  });

  it('records_the_kernel_cr3_load_in_the_history', () => {
    const e = boot('demo-limine.elf');
    const first = e.views(null, []).cr3;
    expect(first.history).toHaveLength(1);
    runToEnd(e);
    const cr3 = e.views(null, []).cr3;
    expect(cr3.mode).toBe('4-level');
    expect(cr3.history.length).toBeGreaterThanOrEqual(2);
    // demo-limine prints "loading cr3 0x100000".
    expect(cr3.value).toBe('0x0000000000100000');
    expect(cr3.history.at(-1)?.value).toBe('0x100000');
  });

  it('lists_every_cr3_write_at_its_instruction_however_the_run_is_sliced', () => {
    const history = (slice: number) => {
      const e = boot('demo-limine.elf');
      for (let i = 0; i < 100_000 && !e.run(slice); i++);
      return e.views(null, []).cr3.history;
    };
    const coarse = history(1_000_000);
    expect(history(12_345)).toEqual(coarse);
    const write = coarse[1];
    expect(write.old).toBe(coarse[0].value);
    expect(write.value).toBe('0x100000');
    // Replay to just before it: the next instruction is the mov, at the RIP the history names.
    const e = boot('demo-limine.elf');
    expect(e.run(write.at)).toBeNull();
    expect(e.status('paused').rip).toBe(write.rip);
    expect(e.views(null, []).cr3.history).toHaveLength(1);
    e.run(1);
    const after = e.views(null, []).cr3;
    expect(after.value).toBe('0x0000000000100000');
    expect(after.history[1]).toEqual(write);
    expect(write.symbol).not.toBe('');
  });

  it('shows_info_mem_ranges_and_translates_a_kernel_address_through_four_levels', () => {
    const e = boot('demo-limine.elf');
    runToEnd(e);
    // info mem never shows NX: text (r-x) and rodata (r--) are one range.
    const v = e.views({ address: '0xffffffff80000000', access: 'fetch', cpl: 0 }, []);
    expect(v.ranges.infoMem).toMatch(/^ffffffff80000000-ffffffff80004000 0000000000004000 -r-$/m);
    expect(v.translation?.ok).toBe(true);
    expect(v.translation?.steps.map((s) => s.level)).toEqual(['PML4', 'PDPT', 'PD', 'PT']);
    expect(v.tables[0].level).toBe('PML4');
    expect(v.tables[0].entries.some((x) => x.child !== null)).toBe(true);
  });

  it('explains_a_write_to_read_only_text_as_a_page_fault_with_its_error_code', () => {
    const e = boot('demo-limine.elf');
    runToEnd(e);
    const t = e.translate({ address: '0xffffffff80000010', access: 'write', cpl: 0 });
    expect(t.ok).toBe(false);
    expect(t.fault?.vector).toBe('#PF');
    expect(t.fault?.errorCode).toBe('0x3');
    expect(t.fault?.errorCodeWords[1]).toMatch(/write/);
  });

  it('opens_a_child_table_lazily_and_merges_runs_of_leaves', () => {
    const e = boot('demo-limine.elf');
    runToEnd(e);
    const root = e.views(null, []).tables[0];
    const hhdm = root.entries.find((x) => x.va === '0xffff800000000000');
    expect(hhdm?.child).not.toBeNull();
    const pdpt = e.table(hhdm!.child!);
    expect(pdpt.entries.length).toBeGreaterThan(0);
    const all = (t: typeof pdpt) => t.entries.reduce((n, x) => n + x.count, 0);
    expect(all(pdpt)).toBe(pdpt.present);
  });

  it('stepping_one_instruction_moves_rip', () => {
    const e = boot('demo-limine.elf');
    const before = e.status('paused').rip;
    expect(e.run(1)).toBeNull();
    expect(e.status('paused').rip).not.toBe(before);
    expect(e.status('paused').guestTime).toBe(1);
  });

  it('ends_a_triple_faulting_kernel_with_the_fault_chain', () => {
    const e = boot('pitfall-bad-cr3.elf');
    const stop = runToEnd(e);
    expect(stop?.reason).toBe('triple-fault');
    expect(stop?.details.length).toBeGreaterThan(0);
    expect(e.run(10)).toBe(stop);
  });
});

describe('createEngine on bad input', () => {
  it('returns_the_catalog_error_for_a_random_file', () => {
    const r = createEngine(new TextEncoder().encode('this is not a kernel'));
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe('BOOT_NOT_ELF');
      expect(r.error.hint).not.toBe('');
    }
  });

  it('returns_an_error_for_an_empty_file', () => {
    const r = createEngine(new Uint8Array(0));
    expect(r.ok ? '' : r.error.code).toBe('BOOT_EMPTY');
  });
});
