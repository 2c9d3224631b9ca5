// splitmix64: tiny, fast enough with BigInt, and every seed gives a full-period stream, so a
// failing run is reproduced from the seed alone.
const MASK64 = (1n << 64n) - 1n;

export class Rng {
  private state: bigint;

  constructor(seed: bigint) {
    this.state = seed & MASK64;
  }

  next64(): bigint {
    this.state = (this.state + 0x9e3779b97f4a7c15n) & MASK64;
    let z = this.state;
    z = ((z ^ (z >> 30n)) * 0xbf58476d1ce4e5b9n) & MASK64;
    z = ((z ^ (z >> 27n)) * 0x94d049bb133111ebn) & MASK64;
    return z ^ (z >> 31n);
  }

  /** Uniform integer in [0, n), n at most 2^32. */
  int(n: number): number {
    return Number((this.next64() >> 32n) % BigInt(n));
  }

  chance(p: number): boolean {
    return this.int(1_000_000) < p * 1_000_000;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('pick from an empty list');
    return items[this.int(items.length)]!;
  }

  bits(width: number): bigint {
    return this.next64() & ((1n << BigInt(width)) - 1n);
  }
}
