import { describe, expect, it } from 'vitest';
import { RateLimiter } from './token-bucket.ts';

describe('RateLimiter', () => {
  it('allows a burst, then refuses with the wait until the next token', () => {
    let now = 1_000_000;
    const limiter = new RateLimiter({ perMinute: 60, burst: 3 }, () => now);
    expect([limiter.take('a'), limiter.take('a'), limiter.take('a')]).toEqual([0, 0, 0]);
    expect(limiter.take('a')).toBe(1000);
    now += 400;
    expect(limiter.take('a')).toBe(600);
    now += 600;
    expect(limiter.take('a')).toBe(0);
    expect(limiter.take('a')).toBe(1000);
  });

  it('keeps one bucket per client address', () => {
    const limiter = new RateLimiter({ perMinute: 1, burst: 1 }, () => 0);
    expect(limiter.take('10.0.0.1')).toBe(0);
    expect(limiter.take('10.0.0.1')).toBe(60_000);
    expect(limiter.take('10.0.0.2')).toBe(0);
  });

  it('never refills past the burst', () => {
    let now = 0;
    const limiter = new RateLimiter({ perMinute: 600, burst: 2 }, () => now);
    limiter.take('a');
    now += 3_600_000;
    expect([limiter.take('a'), limiter.take('a'), limiter.take('a')]).toEqual([0, 0, 100]);
  });

  it('forgets idle clients once it tracks too many, so memory stays bounded', () => {
    let now = 0;
    const limiter = new RateLimiter({ perMinute: 60, burst: 1 }, () => now);
    for (let i = 0; i < 10_000; i++) limiter.take(`client-${i}`);
    now += 2_000; // every bucket is full again
    limiter.take('one more');
    expect(limiter.tracked).toBe(1);
  });

  it('drops the oldest clients when too many are busy at once', () => {
    const limiter = new RateLimiter({ perMinute: 1, burst: 1 }, () => 0);
    for (let i = 0; i < 10_001; i++) limiter.take(`client-${i}`);
    expect(limiter.tracked).toBeLessThanOrEqual(5_001);
    expect(limiter.take('client-10000')).toBe(60_000); // the newest is still limited
  });
});
