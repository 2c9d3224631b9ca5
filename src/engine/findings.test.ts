import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PUBLIC_KERNELS } from '../../tests/kernels/paths.ts';
import { createEngine } from './session-engine.ts';
import type { SessionEngine } from './session-engine.ts';

function boot(name: string): SessionEngine {
  const image = new Uint8Array(readFileSync(join(PUBLIC_KERNELS, name)));
  const r = createEngine(image, { imageName: name });
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
  return r.engine;
}

function runToEnd(e: SessionEngine): void {
  for (let i = 0; i < 500; i++) if (e.run(100_000)) return;
  throw new Error('the kernel did not end');
}

describe('findings in the engine views', () => {
  it('the_demo_kernel_ends_with_no_finding', () => {
    const e = boot('demo-limine.elf');
    runToEnd(e);
    expect(e.views(null, []).findings).toEqual([]);
  });

  it('names_cr3_zero_at_the_mov_while_paused_before_the_triple_fault', () => {
    const e = boot('pitfall-bad-cr3.elf');
    // Instruction by instruction until the first finding: it is there before the run ends.
    for (let i = 0; i < 100_000 && e.monitor.findings.length === 0; i++)
      expect(e.run(1)).toBeNull();
    const findings = e.views(null, []).findings;
    const zero = findings.find((f) => f.detector === 'cr3-value');
    expect(zero).toMatchObject({
      severity: 'error',
      cr3: '0x0',
      symbol: expect.stringMatching(/^kmain\+0x/),
    });
    expect(zero!.rip).toMatch(/^0x[0-9a-f]{16}$/);
    // The mov was the last instruction run.
    expect(zero!.at).toBe(e.status('paused').guestTime - 1);
    expect(e.stop).toBeNull();
    runToEnd(e);
    const detectors = new Set(e.views(null, []).findings.map((f) => f.detector));
    expect(detectors).toEqual(new Set(['cr3-value', 'cr3-switch', 'triple-fault']));
  });

  it('reports_a_stale_tlb_entry_with_the_page_and_the_entry', () => {
    const e = boot('pitfall-stale-tlb.elf');
    runToEnd(e);
    const [stale] = e.views(null, []).findings;
    expect(stale.detector).toBe('stale-tlb');
    expect(stale.va).toMatch(/^0x[0-9a-f]{16}$/);
    expect(stale.entryAddress).toMatch(/^0x[0-9a-f]+$/);
    expect(stale.why).not.toBe('');
    expect(stale.fix).not.toBe('');
  });

  it('lists_the_findings_raised_at_each_cr3_write_in_the_history', () => {
    const e = boot('pitfall-gdt-idt-unmapped.elf');
    runToEnd(e);
    const v = e.views(null, []);
    const write = v.cr3.history.find((h) => h.value === '0x102000');
    const raised = write!.findings.map((i) => v.findings[i]);
    expect(raised.map((f) => f.what.replace(/ at 0x.*/, ''))).toEqual([
      'Loading CR3 with 0x102000 unmaps the GDT',
      'Loading CR3 with 0x102000 unmaps the IDT',
      'Loading CR3 with 0x102000 unmaps the TSS',
    ]);
    expect(raised.every((f) => f.at === write!.at && f.rip === write!.rip)).toBe(true);
    // The boot value was no write: nothing is blamed on it.
    expect(v.cr3.history[0]).toMatchObject({ old: null, rip: null, findings: [] });
  });
});
