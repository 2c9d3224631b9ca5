import { describe, expect, it } from 'vitest';
import { screenKernel } from '../engine/screen-test-kernel.ts';
import { demo, testClient } from './test-client.ts';

describe('inspector calls through the engine protocol', () => {
  it('each_inspector_view_crosses_the_protocol', async () => {
    const c = testClient();
    await c.connect();
    expect((await c.boot(demo(), 'demo-limine.elf', { run: false })).ok).toBe(true);
    const d = await c.inspect('disassemble', { address: null, count: 4 });
    expect(d.lines.find((l) => l.current)?.address).toBe(d.rip);
    const m = await c.inspect('memory', { address: 'kmain', space: 'virtual', length: 32 });
    expect(m.spans[0].readable).toBe(true);
    const map = await c.inspect('addressMap', {});
    expect(map.ranges.lo).toBeInstanceOf(Float64Array);
    expect(map.ranges.count).toBeGreaterThan(0);
    // The web engine offers kernels a framebuffer; the demo does not draw on it.
    const s = await c.inspect('screen', { full: true });
    expect(s.framebuffer?.width).toBe(1024);
  });

  it('a_kernel_that_asks_for_a_framebuffer_draws_on_the_one_the_web_engine_offers', async () => {
    const c = testClient();
    await c.connect();
    expect((await c.boot(screenKernel(), 'screen.elf', { run: false })).ok).toBe(true);
    await c.step(100_000);
    const s = await c.inspect('screen', { full: true });
    expect([...s.framebuffer!.rows!.rgba.subarray(0, 4)]).toEqual([0xff, 0x88, 0x00, 0xff]);
  });
});
