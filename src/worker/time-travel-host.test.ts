import { describe, expect, it } from 'vitest';
import type { EngineClient } from './engine-client.ts';
import type { UpdateEvent } from './protocol.ts';
import { demo, testClient } from './test-client.ts';

const VIEW = { selectedAddress: '0x1000', openPanels: ['tree'], breakpoints: [], panelState: {} };

async function connected(): Promise<{ c: EngineClient; updates: UpdateEvent[] }> {
  const c = testClient();
  const updates: UpdateEvent[] = [];
  c.onUpdate((u) => updates.push(u));
  await c.connect();
  return { c, updates };
}

const last = (updates: UpdateEvent[]) => updates.filter((u) => u.views !== null).at(-1)!;

describe('time travel over the protocol', () => {
  it('seeks_back_with_progress_steps_back_and_runs_back_to_a_cr3_write', async () => {
    const { c, updates } = await connected();
    await c.boot(demo(), 'demo-limine.elf', { run: false });
    await c.step(400_000);
    const at400k = last(updates).views!.registers;
    await c.step(600_000);
    const u = last(updates);
    expect(u.status.guestTime).toBe(1_000_000);
    expect(u.views!.timeline!.end).toBe(1_000_000);

    const before = updates.length;
    await c.travel('seek', { target: 400_000 });
    const after = updates.slice(before);
    expect(last(after).status).toMatchObject({ guestTime: 400_000, run: 'paused' });
    expect(last(after).views!.registers).toBe(at400k);
    expect(after.some((x) => x.seeking?.target === 400_000)).toBe(true);

    await c.travel('stepBack', {});
    expect(last(updates).status.guestTime).toBe(399_999);
    const cr3 = last(updates).views!.timeline!.markers.filter((m) => m.kind === 'cr3-write');
    await c.travel('seek', { target: 1_000_000 });
    const back = await c.travel('runBack', { to: 'cr3-write' });
    expect(back.at).toBe(cr3.at(-1)!.at);
    expect(last(updates).status.pause?.message).toMatch(/CR3 write at instruction/);
  });

  it('opens_a_session_record_in_another_engine_at_the_same_instruction', async () => {
    const a = await connected();
    await a.c.boot(demo(), 'demo-limine.elf', { run: false });
    await a.c.step(654_321);
    const shared = await a.c.travel('sessionRecord', { view: VIEW });
    expect(shared.record.position).toBe(654_321);
    expect(shared.record.view).toEqual(VIEW);

    const b = await connected();
    const reply = await b.c.openSession(shared);
    expect(reply.ok).toBe(true);
    const u = last(b.updates);
    expect(u.status.guestTime).toBe(654_321);
    expect(u.views!.registers).toBe(last(a.updates).views!.registers);

    const damaged = { ...shared, files: { ...shared.files, image: demo().fill(0, 0, 16) } };
    await expect(b.c.openSession(damaged)).rejects.toThrow(/not the file/);
  });
});
