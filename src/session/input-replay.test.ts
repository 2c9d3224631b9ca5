import { describe, expect, it } from 'vitest';
import { hashSnapshot } from '../core/machine/snapshot-hash.ts';
import { createSessionRecord } from './record.ts';
import type { InputEvent, SessionFiles, SessionRecord } from './record.ts';
import { Replayer } from './replayer.ts';
import { serialEchoKernel } from './serial-echo-guest.ts';

const END = 10_000_000;
const text = (s: string) => new TextEncoder().encode(s);

async function echoSession(input: InputEvent[] = []) {
  const { record, files } = await createSessionRecord(
    { image: { name: 'echo.elf', bytes: serialEchoKernel() }, ramSize: 8 << 20 },
    { panel: 'serial' },
  );
  return { record: { ...record, input }, files };
}

/** Opens the session and runs it to its end; the COM1 output on the way. */
async function replay(record: SessionRecord, files: SessionFiles) {
  const r = await Replayer.open(record, files, { snapshotEvery: 20_000 });
  const serial: number[] = [];
  r.machine.onEvent((e) => {
    if (e.kind === 'serial') serial.push(e.byte);
  });
  const stop = r.runTo(END);
  return { r, stop, serial, hash: hashSnapshot(r.machine.snapshot()) };
}

async function replayLog(input: InputEvent[]) {
  const { record, files } = await echoSession(input);
  return replay(record, files);
}

const LOG: InputEvent[] = [
  { at: 50_000, device: 'serial', bytes: text('ab') },
  { at: 80_000, device: 'keyboard', bytes: new Uint8Array([0x1c]) },
  { at: 120_000, device: 'serial', bytes: text('c\n') },
];

describe('Replayer: guest input', () => {
  it('replays_serial_and_keyboard_input_at_its_instruction_counts_identically', async () => {
    const a = await replayLog(LOG);
    const b = await replayLog(LOG);
    expect(a.stop?.reason).toBe('exit');
    expect(String.fromCharCode(...a.serial)).toBe('abc\n');
    const sum = [...'abc\n'].reduce((s, c) => s + c.charCodeAt(0), 0) & 0xff;
    expect(a.stop?.event).toEqual({ kind: 'exit', status: sum * 2 + 1 });
    expect(b.stop?.at).toBe(a.stop?.at);
    expect(b.hash).toBe(a.hash);
    // The key's scancode (set 2 0x1c, 'A') waits in the 8042, translated to set 1: this
    // guest never reads it.
    expect(a.r.machine.io.in(0x64, 1) & 1).toBe(1);
    expect(a.r.machine.io.in(0x60, 1)).toBe(0x1e);
  });

  it('gives_another_machine_when_a_byte_arrives_one_poll_later', async () => {
    // The guest polls every 5 instructions: one poll later, it has counted one more.
    const moved = LOG.map((e, i) => (i === 2 ? { ...e, at: e.at + 5 } : e));
    const a = await replayLog(LOG);
    const b = await replayLog(moved);
    expect(b.serial).toEqual(a.serial);
    expect(b.hash).not.toBe(a.hash);
  });

  it('records_live_input_so_that_the_record_replays_to_the_same_machine', async () => {
    const { record, files } = await echoSession();
    const live = await Replayer.open(record, files, { snapshotEvery: 20_000 });
    live.runTo(30_000);
    live.sendSerial(text('x'));
    live.runTo(60_000);
    expect(live.sendKey('KeyA', true)).toBe(true);
    expect(live.sendKey('NoSuchKey', true)).toBe(false);
    live.sendSerial(text('\n'));
    expect(live.runTo(END)?.reason).toBe('exit');
    const saved = live.sessionRecord({ panel: 'serial' });
    expect(saved.input.map((e) => [e.at, e.device])).toEqual([
      [30_000, 'serial'],
      [60_000, 'keyboard'],
      [60_000, 'serial'],
    ]);
    expect(saved.position).toBe(live.position);
    const again = await Replayer.open(saved, files);
    expect(again.position).toBe(live.position);
    expect(hashSnapshot(again.machine.snapshot())).toBe(hashSnapshot(live.machine.snapshot()));
  });

  it('replaces_the_logs_future_with_input_given_after_seeking_back', async () => {
    const { record, files } = await echoSession([
      { at: 50_000, device: 'serial', bytes: text('a\n') },
    ]);
    const r = await Replayer.open(record, files, { snapshotEvery: 20_000 });
    expect(r.runTo(END)?.event).toEqual({ kind: 'exit', status: ((0x61 + 10) & 0xff) * 2 + 1 });
    r.seek(40_000);
    r.sendSerial(text('b\n'));
    const stop = r.runTo(END);
    expect(stop?.event).toEqual({ kind: 'exit', status: ((0x62 + 10) & 0xff) * 2 + 1 });
    const saved = r.sessionRecord(null);
    expect(saved.input).toHaveLength(1);
    expect(saved.input[0].at).toBe(40_000);
    const again = await replay(saved, files);
    expect(again.hash).toBe(hashSnapshot(r.machine.snapshot()));
  });

  it('refuses_files_that_are_not_the_ones_recorded', async () => {
    const { record, files } = await echoSession();
    const other = files.image.slice();
    other[other.length - 1] ^= 1;
    await expect(Replayer.open(record, { ...files, image: other })).rejects.toThrow(
      /'echo.elf' is not the file/,
    );
  });
});
