import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PUBLIC_KERNELS } from '../../tests/kernels/paths.ts';
import { keyboardEchoKernelFile } from '../boot/test-helpers/keyboard-echo-kernel.ts';
import { serialEchoKernel } from '../session/serial-echo-guest.ts';
import { mapPosition } from './address-map-view.ts';
import { createRecordedEngine, openSharedEngine } from './recorded-engine.ts';
import type { SessionEngine } from './session-engine.ts';

const RAM = 64 << 20;
const PAUSE = { reason: 'pause', message: 'Paused.', breakpoint: null } as const;

async function recorded(name: string, bytes?: Uint8Array): Promise<SessionEngine> {
  const image = { name, bytes: bytes ?? new Uint8Array(readFileSync(join(PUBLIC_KERNELS, name))) };
  const r = createRecordedEngine(image, { ramSize: RAM, cmdline: '' }, {});
  if (!r.ok) throw new Error(r.error.message);
  return r.engine;
}

/** Seeks in pieces, as the worker does, and says where the machine ended up. */
function seek(e: SessionEngine, target: number, piece = 250_000): number {
  const t = e.timeTravel!;
  let pieces = 0;
  while (!t.seekPiece(target, piece)) pieces++;
  e.travelled(PAUSE);
  return pieces;
}

describe('TimeTravel on the demo kernel', () => {
  it('seeks_back_and_forth_to_the_registers_a_straight_run_had', async () => {
    const e = await recorded('demo-limine.elf');
    const points = [300_001, 700_000, 1_100_000];
    const seen: string[] = [];
    for (const p of points) {
      e.run(p - e.status('paused').guestTime);
      expect(e.status('paused').guestTime).toBe(p);
      seen.push(e.registers());
    }
    const furthest = e.timeTravel!.furthest;
    expect(furthest).toBe(points[2]);
    for (const i of [0, 2, 1, 0]) {
      const pieces = seek(e, points[i]);
      expect(e.status('paused').guestTime).toBe(points[i]);
      expect(e.registers(), `at ${points[i]}`).toBe(seen[i]);
      expect(pieces).toBeGreaterThan(0);
    }
    // Running forward over covered time gets the same state, and no CR3 write twice.
    const cr3Writes = e.views(null, []).cr3.history.length;
    e.run(points[2] - points[0]);
    expect(e.registers()).toBe(seen[2]);
    expect(e.views(null, []).cr3.history.length).toBe(cr3Writes);
    expect(e.timeTravel!.furthest).toBe(furthest);
  });

  it('steps_back_one_instruction_and_runs_back_to_the_last_cr3_write', async () => {
    const e = await recorded('demo-limine.elf');
    // The demo exits well before this.
    expect(e.run(3_000_000)?.reason).toBe('exit');
    const end = e.status('paused').guestTime;
    const timeline = e.views(null, []).timeline!;
    expect(timeline.end).toBe(end);
    const cr3 = timeline.markers.filter((m) => m.kind === 'cr3-write').map((m) => m.at);
    expect(cr3.length).toBeGreaterThan(0);
    const before = e.registers();
    e.timeTravel!.stepBack();
    e.travelled(PAUSE);
    expect(e.status('paused')).toMatchObject({ guestTime: end - 1, run: 'paused' });
    expect(e.registers()).not.toBe(before);
    e.run(1);
    expect(e.registers()).toBe(before);
    const at = e.timeTravel!.runBack('cr3-write');
    e.travelled(PAUSE);
    expect(at).toBe(cr3[cr3.length - 1]);
    expect(e.status('paused').guestTime).toBe(at);
    // Stepping over the write changes CR3 to what the marker says.
    e.run(1);
    const label = timeline.markers.find((m) => m.kind === 'cr3-write' && m.at === at)!.label;
    expect(BigInt(e.views(null, []).cr3.value)).toBe(BigInt(label.replace('CR3 <- ', '')));
  });

  it('runs_to_the_next_cr3_write_through_time_already_run', async () => {
    const e = await recorded('demo-limine.elf');
    e.run(1_000_000);
    const history = e.views(null, []).cr3.history.length;
    const markers = e.views(null, []).timeline!.markers.length;
    const cr3 = e.views(null, []).timeline!.markers.find((m) => m.kind === 'cr3-write')!.at;
    seek(e, cr3 - 1000);
    e.runTo({ kind: 'cr3-write' });
    e.resume();
    e.run(1_000_000);
    expect(e.breakHit?.reason).toBe('run-to');
    expect(e.status('paused').guestTime).toBe(cr3 + 1);
    expect(e.views(null, []).cr3.history.length).toBe(history);
    expect(e.views(null, []).timeline!.markers).toHaveLength(markers);
  });

  it('diffs_the_address_space_across_a_cr3_write_and_comes_back', async () => {
    const e = await recorded('demo-limine.elf');
    e.run(1_000_000);
    const cr3 = e.views(null, []).timeline!.markers.find((m) => m.kind === 'cr3-write')!.at;
    const diff = e.timeTravel!.diff(cr3, cr3 + 1);
    expect(e.status('paused').guestTime).toBe(1_000_000);
    expect(diff.cr3A).not.toBe(diff.cr3B);
    expect(diff.ranges.length).toBeGreaterThan(0);
    expect(diff.ranges[0].text).toMatch(/^[+~-] 0x/);
    // Each range also as address-map positions: its start from the text, the hole taken out.
    for (const r of diff.ranges) {
      const start = BigInt(/^[+~-] (0x[0-9a-f]+)/.exec(r.text)![1]);
      expect(r.lo).toBe(mapPosition(start, 48));
      expect(r.hi).toBeGreaterThan(r.lo);
    }
    expect(e.timeTravel!.diff(cr3 + 1, cr3 + 1).ranges).toEqual([]);
  });
});

describe('TimeTravel input', () => {
  it('records_serial_input_and_a_shared_record_replays_to_the_same_state', async () => {
    const e = await recorded('echo.elf', serialEchoKernel());
    e.run(30_000);
    e.timeTravel!.sendSerial(new TextEncoder().encode('hi'));
    e.run(40_000);
    e.timeTravel!.sendSerial(new TextEncoder().encode('\n'));
    e.run(20_000);
    expect(e.serial.take()).toBe('hi\n');
    expect(e.status('paused').run).toBe('ended');
    const end = e.status('paused').guestTime;
    const { record, files } = await e.timeTravel!.record({ note: 'view' });
    expect(record.input.map((i) => [i.at, i.device])).toEqual([
      [30_000, 'serial'],
      [70_000, 'serial'],
    ]);
    expect(record.position).toBe(end);
    expect(record.view).toEqual({ note: 'view' });

    const opened = await openSharedEngine(record, files, {});
    if (!opened.ok) throw new Error(opened.error.message);
    const copy = opened.engine;
    seek(copy, record.position);
    expect(copy.status('paused').guestTime).toBe(end);
    expect(copy.registers()).toBe(e.registers());
    expect(copy.status('paused').run).toBe('ended');

    // Back before the end, the machine can run again.
    seek(e, 50_000);
    expect(e.status('paused').run).toBe('paused');
  });

  it('records_key_presses_as_scancodes_and_a_shared_record_replays_them', async () => {
    const image = new Uint8Array(readFileSync(keyboardEchoKernelFile()));
    const e = await recorded('keys.elf', image);
    e.run(200_000);
    const t = e.timeTravel!;
    for (const code of ['KeyH', 'KeyI', 'Enter']) {
      expect(t.sendKey(code, true)).toBe(true);
      e.run(50_000);
      expect(t.sendKey(code, false)).toBe(true);
      e.run(50_000);
    }
    expect(t.sendKey('NoSuchKey', true)).toBe(false);
    e.run(1_000_000);
    // Enter exits with the number of characters typed: h and i.
    expect(e.stop?.message).toContain('wrote 2 to the exit port');
    const { record, files } = await t.record(null);
    // The keyboard's own codes (set 2; the 8042 hands the guest set 1) of h, i and Enter.
    expect(record.input.map((i) => [i.device, [...i.bytes]])).toEqual([
      ['keyboard', [0x33]],
      ['keyboard', [0xf0, 0x33]],
      ['keyboard', [0x43]],
      ['keyboard', [0xf0, 0x43]],
      ['keyboard', [0x5a]],
      ['keyboard', [0xf0, 0x5a]],
    ]);
    const opened = await openSharedEngine(record, files, {});
    if (!opened.ok) throw new Error(opened.error.message);
    seek(opened.engine, record.position);
    expect(opened.engine.registers()).toBe(e.registers());
    expect(opened.engine.stop?.message).toBe(e.stop?.message);
  });

  it('refuses_files_that_are_not_the_records', async () => {
    const e = await recorded('echo.elf', serialEchoKernel());
    const { record, files } = await e.timeTravel!.record(null);
    const other = { ...files, image: files.image.slice(0, -1) };
    await expect(openSharedEngine(record, other, {})).rejects.toThrow(/echo\.elf/);
  });
});

describe('TimeTravel and the paging watch', () => {
  it('tells_a_stale_translation_again_after_seeking_back_over_the_tlb_fill', async () => {
    const e = await recorded('pitfall-stale-tlb.elf');
    e.run(5_000_000);
    const first = e.monitor.watch.events.find((x) => x.kind === 'stale-translation');
    if (first?.kind !== 'stale-translation') throw new Error('no stale translation');
    // Just before the table write: the entry it makes stale is already in the TLB, filled
    // while the watch was away (the replay of a seek runs unwatched).
    seek(e, first.writeAt - 1);
    const seen: string[] = [];
    e.monitor.watch.listen((x) => seen.push(`${x.kind}@${x.at}`));
    e.resume();
    e.run(5_000_000);
    expect(seen).toContain(`stale-translation@${first.at}`);
  });
});
