import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PUBLIC_KERNELS } from '../../tests/kernels/paths.ts';
import { createEngine } from './session-engine.ts';

describe('the ranges table of the demo kernel', () => {
  it('shows_the_kernel_text_run_r_x_with_its_section_label', () => {
    const r = createEngine(new Uint8Array(readFileSync(join(PUBLIC_KERNELS, 'demo-limine.elf'))));
    if (!r.ok) throw new Error(r.error.message);
    for (let i = 0; i < 500 && !r.engine.run(100_000); i++);
    const { table } = r.engine.views(null, []).ranges;
    expect(table.rows).toHaveLength(table.total);
    const text = table.rows.find((row) => row.labels.includes('.text'));
    expect(text).toMatchObject({
      start: '0xffffffff80000000',
      writable: false,
      noExecute: false,
      user: false,
      pageSize: '4 KiB',
    });
    // .rodata is r-- (NX): info mem merges it with .text, the table does not.
    const rodata = table.rows.find((row) => row.labels.includes('.rodata'));
    expect(rodata).toMatchObject({ writable: false, noExecute: true });
    expect(rodata?.labels).not.toContain('.text');
  });
});
