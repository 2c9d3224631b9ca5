import { describe, expect, it } from 'vitest';
import { NO_FILTER } from '../engine/range-filter.ts';
import type { EngineClient } from './engine-client.ts';
import type { UpdateEvent } from './protocol.ts';
import { demo, testClient, updateWhere } from './test-client.ts';

const paused = (u: UpdateEvent) => u.status.run === 'paused' && u.views !== null;

async function bootPaused(): Promise<EngineClient> {
  const c = testClient();
  await c.connect();
  await c.boot(demo(), 'demo-limine.elf', { run: false });
  return c;
}

describe('run to and breakpoints over the protocol', () => {
  it('runs_to_the_next_cr3_write_then_on_to_an_address_breakpoint', async () => {
    const c = await bootPaused();
    await c.setBreakpoints([{ id: 1, enabled: true, kind: 'address', address: 'qemu_exit' }]);
    let next = updateWhere(c, paused);
    await c.runTo({ kind: 'cr3-write' });
    let u = await next;
    expect(u.status.pause?.reason).toBe('run-to');
    expect(u.views?.cr3.history.at(-1)?.at).toBe(u.status.guestTime - 1);
    next = updateWhere(c, paused);
    await c.run();
    u = await next;
    expect(u.status.pause).toMatchObject({ reason: 'breakpoint', breakpoint: 1 });
    expect(u.status.where).toBe('qemu_exit');
    expect(u.views?.breakpoints[0].hits).toBe(1);
  });

  it('runs_to_an_instruction_count_and_says_so', async () => {
    const c = await bootPaused();
    const next = updateWhere(c, paused);
    await c.runTo({ kind: 'instruction', count: 5000 });
    const u = await next;
    expect(u.status.guestTime).toBe(5000);
    expect(u.status.pause).toMatchObject({
      reason: 'run-to',
      message: 'Reached instruction 5000.',
    });
    await expect(c.runTo({ kind: 'instruction', count: 10 })).rejects.toThrow(/not ahead/);
  });

  it('refuses_a_target_address_that_does_not_parse_and_stays_paused', async () => {
    const c = await bootPaused();
    await expect(c.runTo({ kind: 'address', address: 'nowhere' })).rejects.toThrow(
      /No symbol named nowhere/,
    );
    const next = updateWhere(c, () => true);
    await c.watch(null, [], NO_FILTER);
    expect((await next).status.run).toBe('paused');
  });

  it('keeps_the_breakpoints_across_a_reset', async () => {
    const c = await bootPaused();
    await c.setBreakpoints([{ id: 3, enabled: true, kind: 'cr3-write' }]);
    const next = updateWhere(c, (u) => u.views !== null && u.status.retired === 0);
    await c.reset();
    const u = await next;
    expect(u.views?.breakpoints.map((b) => b.label)).toEqual(['any CR3 write']);
    expect(u.status.pause?.reason).toBe('boot');
  });
});
