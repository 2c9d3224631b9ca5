import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PUBLIC_KERNELS } from '../../tests/kernels/paths.ts';
import { LiveTableFrames } from './live-table-frames.ts';
import { createEngine } from './session-engine.ts';

describe('LiveTableFrames', () => {
  it('holds_the_frames_of_the_current_tree_and_follows_a_cr3_load_once_invalidated', () => {
    const r = createEngine(new Uint8Array(readFileSync(join(PUBLIC_KERNELS, 'demo-limine.elf'))));
    if (!r.ok) throw new Error(r.error.message);
    const e = r.engine;
    const frames = new LiveTableFrames(e.machine.cpu, e.monitor.watch);
    const bootRoot = e.machine.cpu.cr3[0] >>> 0;
    expect(frames.has(bootRoot + 8)).toBe(true);
    // demo-limine builds its own tables at 0x100000 and loads them.
    for (let i = 0; i < 500 && !e.run(100_000); i++);
    expect(frames.has(0x100000)).toBe(false); // still the tree it was built for
    frames.invalidate();
    expect(frames.has(0x100000)).toBe(true);
    expect(frames.has(0x101ff0)).toBe(true); // the PDPT under PML4[511]
    expect(frames.has(bootRoot)).toBe(false);
  });
});
