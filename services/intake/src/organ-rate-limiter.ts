import type { Organ } from "@takedown/config";

interface Bucket {
  tokens: number;
  updatedAt: number;
}

/**
 * A token bucket per organ (sustained rate plus burst, from organs.yaml). In-process: with
 * several intake instances each enforces the limit on its own share of the traffic.
 */
export class OrganRateLimiter {
  private readonly buckets = new Map<string, Bucket>();

  constructor(private readonly now: () => number = Date.now) {}

  /** Takes one token; returns the seconds to wait when none is left. */
  take(organ: Organ): { allowed: true } | { allowed: false; retryAfterSeconds: number } {
    const { requestsPerMinute, burst } = organ.rateLimit;
    const perMs = requestsPerMinute / 60_000;
    const now = this.now();
    const bucket = this.buckets.get(organ.id) ?? { tokens: burst, updatedAt: now };
    bucket.tokens = Math.min(burst, bucket.tokens + (now - bucket.updatedAt) * perMs);
    bucket.updatedAt = now;
    this.buckets.set(organ.id, bucket);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return { allowed: true };
    }
    return {
      allowed: false,
      retryAfterSeconds: Math.max(1, Math.ceil((1 - bucket.tokens) / perMs / 1000)),
    };
  }
}
