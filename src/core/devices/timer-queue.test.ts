import { describe, expect, it } from 'vitest';
import type { TimerClient } from './device-host.ts';
import { TimerQueue } from './timer-queue.ts';

const client = (): TimerClient => ({ onTimer: () => {} });

function drain(q: TimerQueue, now: number): TimerClient[] {
  const out: TimerClient[] = [];
  for (let t = q.popDue(now); t !== null; t = q.popDue(now)) out.push(t);
  return out;
}

describe('TimerQueue', () => {
  it('pops due timers by deadline, then by the order they were set', () => {
    const q = new TimerQueue();
    const [a, b, c, d] = [client(), client(), client(), client()];
    q.set(a, 30);
    q.set(b, 10);
    q.set(c, 30);
    q.set(d, 10);
    expect(q.next()).toBe(10);
    expect(drain(q, 29)).toEqual([b, d]);
    expect(drain(q, 30)).toEqual([a, c]);
    expect(q.next()).toBe(Infinity);
  });

  it('replaces a client deadline and counts the new setting for ties', () => {
    const q = new TimerQueue();
    const [a, b] = [client(), client()];
    q.set(a, 5);
    q.set(b, 5);
    q.set(a, 5);
    expect(drain(q, 5)).toEqual([b, a]);
    q.set(a, 7);
    q.set(a, 3);
    expect(q.next()).toBe(3);
  });

  it('cancels, and knows whether a timer not marked quiet is pending', () => {
    const q = new TimerQueue();
    const [loud, quiet] = [client(), client()];
    q.setQuiet(quiet);
    q.set(quiet, 100);
    expect(q.hasLoudTimer()).toBe(false);
    q.set(loud, 200);
    expect(q.hasLoudTimer()).toBe(true);
    q.cancel(loud);
    expect(q.hasLoudTimer()).toBe(false);
    expect(q.next()).toBe(100);
  });
});
