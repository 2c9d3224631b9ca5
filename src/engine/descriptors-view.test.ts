import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PUBLIC_KERNELS } from '../../tests/kernels/paths.ts';
import { createEngine } from './session-engine.ts';
import type { SessionEngine } from './session-engine.ts';

function ranToEnd(name: string): SessionEngine {
  const r = createEngine(new Uint8Array(readFileSync(join(PUBLIC_KERNELS, name))), {
    imageName: name,
  });
  if (!r.ok) throw new Error(r.error.message);
  for (let i = 0; i < 500; i++) if (r.engine.run(100_000)) return r.engine;
  throw new Error('the kernel did not end');
}

describe('descriptor tables view', () => {
  it('marks_the_tss_base_the_handlers_and_the_ist_stacks_mapped_on_the_demo', () => {
    const d = ranToEnd('demo-limine.elf').descriptors();
    expect(d.mode).toBe('long');
    const tss = d.gdt.entries.find((s) => s.name.startsWith('TSS64'));
    expect(tss?.reach).toEqual({ mapped: true, problem: null });
    expect(tss?.base).toBe(d.tss?.base);
    // Code and data bases are not used in long mode: no mark.
    expect(d.gdt.entries.find((s) => s.kind === 'code')?.reach).toBeNull();
    const pf = d.idt.entries[14];
    expect(pf).toMatchObject({ name: '#PF', kind: 'interrupt', present: true });
    expect(pf.reach?.mapped).toBe(true);
    expect(pf.symbol).toMatch(/^isr_stubs\+0x/);
    expect(d.tss?.fields.find((f) => f.name === 'IST1')?.reach?.mapped).toBe(true);
  });

  it('says_the_gdt_and_idt_are_unmapped_after_the_bad_switch', () => {
    const d = ranToEnd('pitfall-gdt-idt-unmapped.elf').descriptors();
    expect(d.gdt.problems[0]).toMatch(/^GDT base 0xffff800000100000 is not mapped: PML4 entry 256/);
    expect(d.idt.problems[0]).toMatch(/^IDT base 0xffff800000101000 is not mapped/);
    expect(d.idt.entries).toEqual([]);
    expect(d.idt.unreadable).toBe(256);
  });
});
