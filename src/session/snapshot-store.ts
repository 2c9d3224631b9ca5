import type { MachineSnapshot } from '../core/machine.ts';
import { RamLedger } from '../core/machine/snapshot-ram.ts';

/** Bytes of a snapshot's CPU and device state: its typed arrays, and 8 a number. */
function stateBytes(v: unknown): number {
  if (ArrayBuffer.isView(v)) return v.byteLength;
  if (Array.isArray(v)) return v.reduce((n: number, x) => n + stateBytes(x), 0);
  if (v !== null && typeof v === 'object')
    return Object.values(v).reduce((n: number, x) => n + stateBytes(x), 0);
  return 8;
}

/**
 * The snapshots of one session, ordered by guest time, within a memory bound. RAM images
 * share unchanged pages, so the bytes a set of snapshots holds is counted over all of them
 * (RamLedger). Over the bound, old snapshots are thinned: the one dropped is where
 * snapshots lie densest relative to their age, so the recent past stays finely covered and
 * the far past coarsely. The first snapshot (the boot) is never dropped, nor the newest.
 */
export class SnapshotStore {
  private readonly snapshots: MachineSnapshot[] = [];
  /** Bytes of each snapshot's CPU and device state. */
  private readonly sizes: number[] = [];
  private readonly ram = new RamLedger();

  constructor(readonly maxBytes: number) {}

  get count(): number {
    return this.snapshots.length;
  }

  /** Guest times of the snapshots kept, ascending. */
  times(): number[] {
    return this.snapshots.map((s) => s.at);
  }

  /** What the snapshots hold together: RAM pages counted once, plus CPU and device state. */
  bytes(): number {
    return this.ram.bytes + this.sizes.reduce((a, b) => a + b, 0);
  }

  /** Adds a snapshot (replacing one at the same time), then thins to the bound. */
  add(s: MachineSnapshot): void {
    let i = this.snapshots.findIndex((x) => x.at >= s.at);
    if (i < 0) i = this.snapshots.length;
    if (this.snapshots[i]?.at === s.at) this.removeAt(i);
    this.snapshots.splice(i, 0, s);
    this.sizes.splice(i, 0, stateBytes({ ...s, ram: null }));
    this.ram.add(s.ram);
    this.thin();
  }

  /** The latest snapshot at or before `at`, or null. */
  atOrBefore(at: number): MachineSnapshot | null {
    let best: MachineSnapshot | null = null;
    for (const s of this.snapshots) if (s.at <= at) best = s;
    return best;
  }

  /** Drops every snapshot after `at` (the input log changed there: they are of another run). */
  dropAfter(at: number): void {
    while (this.snapshots.length > 0 && this.snapshots[this.snapshots.length - 1].at > at)
      this.removeAt(this.snapshots.length - 1);
  }

  private removeAt(i: number): void {
    this.ram.remove(this.snapshots[i].ram);
    this.snapshots.splice(i, 1);
    this.sizes.splice(i, 1);
  }

  private thin(): void {
    while (this.snapshots.length > 2 && this.bytes() > this.maxBytes) {
      const s = this.snapshots;
      const newest = s[s.length - 1].at;
      let drop = 1;
      let best = Infinity;
      for (let i = 1; i < s.length - 1; i++) {
        const density = (s[i + 1].at - s[i - 1].at) / (newest - s[i].at + 1);
        if (density < best) {
          best = density;
          drop = i;
        }
      }
      this.removeAt(drop);
    }
  }
}
