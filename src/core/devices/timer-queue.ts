import type { SavedState } from '../machine/snapshot-fields.ts';
import type { TimerClient } from './device-host.ts';

/**
 * The machine's timers: at most one deadline per client, in guest instructions. Due timers
 * come out ordered by deadline, and timers due at the same instruction in the order they
 * were set, so a run fires them in the same order however the host slices it.
 *
 * A machine has a dozen clients at most, so a flat scan beats a heap; nothing here
 * allocates once a client has been seen.
 */
export class TimerQueue {
  private readonly clients: TimerClient[] = [];
  /** Deadline of each client (Infinity: none). */
  private readonly at: number[] = [];
  /** When each deadline was set: breaks ties between equal deadlines. */
  private readonly seq: number[] = [];
  /** Clients whose only effect is an interrupt (see setQuiet). */
  private readonly quiet: boolean[] = [];
  private readonly slot = new Map<TimerClient, number>();
  private nextSeq = 0;

  /** Calls client.onTimer once guest time reaches `at`; replaces its earlier deadline. */
  set(client: TimerClient, at: number): void {
    const i = this.slotOf(client);
    this.at[i] = at;
    this.seq[i] = this.nextSeq++;
  }

  cancel(client: TimerClient): void {
    const i = this.slot.get(client);
    if (i !== undefined) this.at[i] = Infinity;
  }

  /**
   * Marks a client as one whose timers only ever raise interrupts. A halted CPU with
   * interrupts disabled cannot be woken by them, so they do not keep such a machine alive
   * (see hasLoudTimer).
   */
  setQuiet(client: TimerClient): void {
    this.quiet[this.slotOf(client)] = true;
  }

  /** The earliest deadline, or Infinity. */
  next(): number {
    let min = Infinity;
    for (let i = 0; i < this.at.length; i++) if (this.at[i] < min) min = this.at[i];
    return min;
  }

  /** Whether a timer of a client not marked quiet is pending. */
  hasLoudTimer(): boolean {
    for (let i = 0; i < this.at.length; i++)
      if (this.at[i] !== Infinity && !this.quiet[i]) return true;
    return false;
  }

  /** Removes and returns the first timer due at `now` (earliest deadline, then earliest set). */
  popDue(now: number): TimerClient | null {
    let best = -1;
    for (let i = 0; i < this.at.length; i++) {
      const a = this.at[i];
      if (a > now) continue;
      if (best < 0 || a < this.at[best] || (a === this.at[best] && this.seq[i] < this.seq[best]))
        best = i;
    }
    if (best < 0) return null;
    this.at[best] = Infinity;
    return this.clients[best];
  }

  private slotOf(client: TimerClient): number {
    let i = this.slot.get(client);
    if (i === undefined) {
      i = this.clients.length;
      this.clients.push(client);
      this.at.push(Infinity);
      this.seq.push(0);
      this.quiet.push(false);
      this.slot.set(client, i);
    }
    return i;
  }

  /**
   * Snapshot state: each pending deadline with the order it was set in, its client named by
   * `nameOf` (clients are objects; a snapshot is data). Throws for a client without a name.
   */
  saveState(nameOf: (client: TimerClient) => string | undefined): SavedState {
    const names: string[] = [];
    const at: number[] = [];
    const seq: number[] = [];
    for (let i = 0; i < this.clients.length; i++) {
      if (this.at[i] === Infinity) continue;
      const name = nameOf(this.clients[i]);
      if (name === undefined) throw new Error('a pending timer belongs to an unnamed device');
      names.push(name);
      at.push(this.at[i]);
      seq.push(this.seq[i]);
    }
    return { names, at, seq, nextSeq: this.nextSeq };
  }

  /** Replaces every deadline with those saveState recorded; `clientOf` resolves the names. */
  loadState(s: SavedState, clientOf: (name: string) => TimerClient): void {
    this.at.fill(Infinity);
    const names = s.names as string[];
    const at = s.at as number[];
    const seq = s.seq as number[];
    names.forEach((name, k) => {
      const i = this.slotOf(clientOf(name));
      this.at[i] = at[k];
      this.seq[i] = seq[k];
    });
    this.nextSeq = s.nextSeq as number;
  }
}
