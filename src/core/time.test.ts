import { describe, expect, it } from 'vitest';
import { ClockRate, GUEST_INSTRUCTIONS_PER_SECOND } from './time.ts';

describe('ClockRate', () => {
  it('counts whole ticks exactly where a product would round (the PIT after 100 s)', () => {
    const pit = new ClockRate(1_193_182);
    const now = 123 * GUEST_INSTRUCTIONS_PER_SECOND + 987_654_321;
    const exact = (BigInt(now) * 1_193_182n) / BigInt(GUEST_INSTRUCTIONS_PER_SECOND);
    expect(pit.ticksAt(now)).toBe(Number(exact));
    expect(pit.ticksAt(GUEST_INSTRUCTIONS_PER_SECOND)).toBe(1_193_182);
  });

  it('names the first instruction at which a tick count is reached', () => {
    for (const hz of [1, 256, 32768, 1_193_182, 3_579_545, 1_000_000_000]) {
      const c = new ClockRate(hz);
      for (const ticks of [1, 2, 3, 1000, 123_456_789, 2 ** 40 + 3]) {
        // Only guest times a double holds exactly.
        if ((ticks / hz) * GUEST_INSTRUCTIONS_PER_SECOND > 2 ** 52) continue;
        const n = c.instructionAtTick(ticks);
        expect(c.ticksAt(n)).toBeGreaterThanOrEqual(ticks);
        expect(c.ticksAt(n - 1)).toBeLessThan(ticks);
      }
    }
  });

  it('refuses rates it cannot convert exactly', () => {
    expect(() => new ClockRate(1.5)).toThrow(RangeError);
    expect(() => new ClockRate(0)).toThrow(RangeError);
  });
});
