/**
 * Request rate per client address: each address has a bucket of `burst` tokens refilled at
 * `perMinute` a minute; a request takes one token or is refused with the wait until the next.
 */
export interface RateLimit {
  perMinute: number;
  burst: number;
}

/** Buckets kept before full ones (idle clients) are forgotten. */
const MAX_TRACKED = 10_000;

export class RateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(
    private readonly limit: RateLimit,
    private readonly now: () => number = Date.now,
  ) {}

  /** Takes a token for `client`: 0 when allowed, else milliseconds until one is free. */
  take(client: string): number {
    const now = this.now();
    if (this.buckets.size >= MAX_TRACKED) this.forgetFull(now);
    const bucket = this.buckets.get(client) ?? { tokens: this.limit.burst, at: now };
    bucket.tokens = this.refilled(bucket, now);
    bucket.at = now;
    this.buckets.set(client, bucket);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return 0;
    }
    return Math.ceil(((1 - bucket.tokens) * 60_000) / this.limit.perMinute);
  }

  private refilled(bucket: { tokens: number; at: number }, now: number): number {
    const gained = ((now - bucket.at) * this.limit.perMinute) / 60_000;
    return Math.min(this.limit.burst, bucket.tokens + Math.max(0, gained));
  }

  /**
   * A full bucket is the same as no bucket: dropping those bounds memory. When that is not
   * enough (many addresses at once), the oldest tracked clients go, so each call stays cheap.
   */
  private forgetFull(now: number): void {
    for (const [client, bucket] of this.buckets) {
      if (this.refilled(bucket, now) >= this.limit.burst) this.buckets.delete(client);
    }
    for (const client of this.buckets.keys()) {
      if (this.buckets.size < MAX_TRACKED / 2) break;
      this.buckets.delete(client);
    }
  }

  get tracked(): number {
    return this.buckets.size;
  }
}
