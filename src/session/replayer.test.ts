import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PUBLIC_KERNELS } from '../../tests/kernels/paths.ts';
import { hashSnapshot } from '../core/machine/snapshot-hash.ts';
import { PagingWatch } from '../core/watch/paging-watch.ts';
import { bootMachine } from '../engine/boot-machine.ts';
import { createSessionRecord } from './record.ts';
import type { SessionFiles, SessionRecord } from './record.ts';
import { Replayer } from './replayer.ts';
import type { ReplayerOptions } from './replayer.ts';

const RAM = 32 << 20;
/** Far past the end of every bundled kernel. */
const END = 60_000_000;
/**
 * How far the every-kernel test replays: to the end of every kernel but two, the demo
 * (its ticks take a million instructions; the tests below run it to its end) and
 * access-test, whose 7 million instructions of faults take seconds a pass.
 */
const KERNEL_SPAN = 600_000;

async function session(
  name: string,
  bytes = new Uint8Array(readFileSync(join(PUBLIC_KERNELS, name))),
): Promise<{ record: SessionRecord; files: SessionFiles }> {
  return createSessionRecord({ image: { name, bytes }, ramSize: RAM }, null);
}

const hashOf = (r: Replayer) => hashSnapshot(r.machine.snapshot());

async function open(name: string, options: ReplayerOptions = {}): Promise<Replayer> {
  const { record, files } = await session(name);
  return Replayer.open(record, files, { snapshotEvery: 100_000, ...options });
}

describe('Replayer on every bundled kernel', () => {
  const kernels = readdirSync(PUBLIC_KERNELS).filter((f) => /\.(elf|iso)$/.test(f));

  it('finds_the_bundled_kernels', () => {
    expect(kernels.length).toBeGreaterThanOrEqual(15);
  });

  it.each(kernels)('%s: two replays agree at several points, reached in any order', async (k) => {
    const straight = await open(k);
    const stop = straight.runTo(KERNEL_SPAN);
    const finalHash = hashOf(straight);
    const end = stop?.at ?? KERNEL_SPAN;
    // Guest time `end` is before the last instruction's effect for a triple fault (it
    // faults at that time), after it otherwise: both replays must agree either way.
    const points = [Math.floor(end / 5), Math.floor(end / 2), end - 1, end];
    const hashes: string[] = [];
    const fresh = await open(k);
    for (const p of points) {
      fresh.runTo(p);
      expect(fresh.position).toBe(p);
      hashes.push(hashOf(fresh));
    }
    expect(fresh.runTo(KERNEL_SPAN)).toEqual(stop);
    expect(hashOf(fresh)).toBe(finalHash);
    // Backwards and forwards through snapshots: end, then the start, then the middle.
    for (const i of [3, 0, 2, 1, 0]) {
      straight.seek(points[i]);
      expect(straight.position).toBe(points[i]);
      expect(hashOf(straight), `${k} at ${points[i]}`).toBe(hashes[i]);
    }
    expect(straight.runTo(KERNEL_SPAN)).toEqual(stop);
    expect(hashOf(straight)).toBe(finalHash);
  });
});

describe('Replayer: moving in time', () => {
  it('steps_back_one_instruction_to_the_state_a_straight_run_has_there', async () => {
    const r = await open('demo-limine.elf');
    r.runTo(1_000_001);
    r.stepBack();
    expect(r.position).toBe(1_000_000);
    const straight = await open('demo-limine.elf');
    straight.runTo(1_000_000);
    expect(hashOf(r)).toBe(hashOf(straight));
  });

  it('runs_back_to_the_last_cr3_load_before_the_position', async () => {
    // Every CR3 load of a straight run, seen by a watch.
    const name = 'demo-limine.elf';
    const booted = bootMachine(new Uint8Array(readFileSync(join(PUBLIC_KERNELS, name))), {
      ramSize: RAM,
      imageName: name,
    });
    if (!booted.ok) throw new Error(booted.error.message);
    const watch = new PagingWatch();
    watch.attach(booted.machine.cpu);
    const loads: number[] = [];
    watch.listen((e) => {
      if (e.kind === 'control' && e.reg === 'cr3') loads.push(e.at);
    });
    booted.machine.run(END);
    expect(loads.length).toBeGreaterThan(0);

    const r = await open(name);
    r.runTo(END);
    const found: number[] = [];
    for (let at = r.backToCr3Write(); at !== null; at = r.backToCr3Write()) {
      expect(r.position).toBe(at);
      found.push(at);
    }
    expect(found).toEqual(loads.slice().reverse());
    // None before the first: it stays where it was.
    expect(r.position).toBe(loads[0]);
  });

  it('keeps_snapshots_within_the_memory_bound_and_still_seeks_exactly', async () => {
    const loose = await open('demo-limine.elf', { snapshotEvery: 100_000 });
    loose.runTo(END);
    const bootBytes = (await open('demo-limine.elf')).snapshots.bytes();
    const bound = bootBytes + (1 << 20);
    expect(loose.snapshots.bytes()).toBeGreaterThan(bound);

    const r = await open('demo-limine.elf', { snapshotEvery: 100_000, maxSnapshotBytes: bound });
    r.runTo(END);
    expect(r.snapshots.bytes()).toBeLessThanOrEqual(bound);
    const times = r.snapshots.times();
    expect(times[0]).toBe(0);
    expect(times.length).toBeLessThan(loose.snapshots.count);
    // Thinned by age: the older half of guest time keeps fewer snapshots than the newer.
    const last = times[times.length - 1];
    const older = times.filter((t) => t > 0 && t < last / 2).length;
    expect(older).toBeLessThan(times.filter((t) => t >= last / 2).length);
    r.seek(777_777);
    loose.seek(777_777);
    expect(hashOf(r)).toBe(hashOf(loose));
  });
});
