import type { DeviceEvent, DeviceHost, TimerClient } from './device-host.ts';

/**
 * A DeviceHost for unit tests: records IRQ line changes and events, and lets a test move
 * guest time forward, firing timers in deadline order as the Machine's queue would.
 */
export class FakeDeviceHost implements DeviceHost {
  time = 0;
  readonly events: DeviceEvent[] = [];
  /** Every setIrq call, in order. */
  readonly irqCalls: { line: number; level: boolean }[] = [];
  /** Current level of each ISA line. */
  readonly lines: boolean[] = new Array<boolean>(16).fill(false);
  private readonly timers = new Map<TimerClient, number>();

  now(): number {
    return this.time;
  }

  setTimer(client: TimerClient, at: number): void {
    this.timers.set(client, at);
  }

  cancelTimer(client: TimerClient): void {
    this.timers.delete(client);
  }

  setIrq(line: number, level: boolean): void {
    this.irqCalls.push({ line, level });
    this.lines[line] = level;
  }

  emit(event: DeviceEvent): void {
    this.events.push(event);
  }

  /** When `client`'s timer is due, or undefined if none is set. */
  timerFor(client: TimerClient): number | undefined {
    return this.timers.get(client);
  }

  /** Moves guest time to `to`, running every timer that falls due on the way. */
  advanceTo(to: number): void {
    for (;;) {
      let next: TimerClient | undefined;
      let at = Infinity;
      for (const [c, t] of this.timers) if (t <= to && t < at) [next, at] = [c, t];
      if (!next) break;
      this.timers.delete(next);
      this.time = Math.max(this.time, at);
      next.onTimer(this.time);
    }
    this.time = Math.max(this.time, to);
  }

  advance(by: number): void {
    this.advanceTo(this.time + by);
  }

  /** Rising edges seen on `line` since the test began. */
  risingEdges(line: number): number {
    let level = false;
    let n = 0;
    for (const c of this.irqCalls) {
      if (c.line !== line) continue;
      if (c.level && !level) n++;
      level = c.level;
    }
    return n;
  }

  eventsOf<K extends DeviceEvent['kind']>(kind: K): Extract<DeviceEvent, { kind: K }>[] {
    return this.events.filter((e): e is Extract<DeviceEvent, { kind: K }> => e.kind === kind);
  }
}
