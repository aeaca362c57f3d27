import { describe, expect, it } from "vitest";
import { RestartBackoff } from "./restart-backoff.js";

const policy = { initialDelayMs: 1000, factor: 2, maxDelayMs: 30_000, stableAfterMs: 60_000 };

describe("RestartBackoff", () => {
  it("doubles the wait while a service keeps crashing, up to the cap", () => {
    const backoff = new RestartBackoff(policy);
    const delays = Array.from({ length: 8 }, () => backoff.nextDelay(500));
    expect(delays).toEqual([1000, 2000, 4000, 8000, 16_000, 30_000, 30_000, 30_000]);
    expect(backoff.restarts).toBe(8);
  });

  it("starts again from the first wait after a stable run", () => {
    const backoff = new RestartBackoff(policy);
    expect([backoff.nextDelay(10), backoff.nextDelay(10), backoff.nextDelay(10)]).toEqual([
      1000, 2000, 4000,
    ]);
    expect(backoff.nextDelay(59_999)).toBe(8000);
    expect(backoff.nextDelay(60_000)).toBe(1000);
    expect(backoff.nextDelay(10)).toBe(2000);
    expect(backoff.restarts).toBe(6);
  });
});
