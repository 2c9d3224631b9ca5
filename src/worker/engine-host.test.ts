import { describe, expect, it } from 'vitest';
import { buildElf } from '../boot/test-helpers/elf-builder.ts';
import { concat, mb1Header } from '../boot/test-helpers/headers.ts';
import { EngineHost } from './engine-host.ts';
import { PROTOCOL_VERSION } from './protocol.ts';
import type { UpdateEvent, WorkerMessage } from './protocol.ts';

/** A Multiboot 1 kernel that spins forever (`jmp $`): a machine that never ends by itself. */
function spinner(): Uint8Array {
  const header = mb1Header(0);
  return buildElf({
    class: 32,
    machine: 3,
    entry: 0x100000 + header.length,
    segments: [{ vaddr: 0x100000, data: concat(header, new Uint8Array([0xeb, 0xfe])) }],
  });
}

/**
 * A host whose scheduled slices the test runs by hand. Its clock is virtual: every reading
 * advances it by 2 ms, so each run() seems to take the 2 ms the pacer aims for (the chunk
 * stays put) and what the host does per second of its own time is the same on every machine,
 * however loaded.
 */
function fakeHost() {
  let t = 0;
  /** The current time, without advancing it: the test's own look costs the host nothing. */
  const time = () => t;
  const queue: (() => void)[] = [];
  const out: WorkerMessage[] = [];
  const host = new EngineHost({
    post: (m) => out.push(m),
    now: () => (t += 2),
    schedule: (fn) => queue.push(fn),
    isolated: false,
  });
  host.handle({ type: 'request', id: 1, call: 'hello', args: { version: PROTOCOL_VERSION } });
  return { host, out, queue, time };
}

describe('engine host pacing', () => {
  it('posts_a_status_update_at_least_ten_times_a_second_while_running', () => {
    const { host, out, queue, time } = fakeHost();
    host.handle({
      type: 'request',
      id: 2,
      call: 'boot',
      args: { image: spinner(), name: 'spin.elf', run: true },
    });
    expect(out[out.length - 1]).toMatchObject({ id: 2, ok: true });
    // One second of the host's time, with no time lost between slices.
    const start = time();
    const before = out.length;
    while (time() - start < 1000) queue.shift()!();
    const updates = out.slice(before).filter((m): m is UpdateEvent => m.type === 'update');
    expect(updates.length).toBeGreaterThanOrEqual(10);
    expect(updates.every((u) => u.status.run === 'running')).toBe(true);
    // The panels too: fresh views ten times a second, as they cost little here.
    expect(updates.filter((u) => u.views !== null).length).toBeGreaterThanOrEqual(10);
    expect(updates.at(-1)!.mips).toBeGreaterThan(0);
  });

  it('yields_to_messages_between_slices_so_pause_takes_effect', () => {
    const { host, out, queue } = fakeHost();
    host.handle({
      type: 'request',
      id: 2,
      call: 'boot',
      args: { image: spinner(), name: 'spin.elf', run: true },
    });
    queue.shift()!();
    host.handle({ type: 'request', id: 3, call: 'pause', args: {} });
    const last = out.filter((m): m is UpdateEvent => m.type === 'update').at(-1)!;
    expect(last.status.run).toBe('paused');
    // The slice that was queued finds the host paused and does not run.
    const n = out.length;
    while (queue.length) queue.shift()!();
    expect(out.length).toBe(n);
  });
});
