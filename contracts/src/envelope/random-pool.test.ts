import { describe, expect, test } from "vitest";
import { RandomPool } from "./random-pool.js";
import { newTraceparent } from "./traceparent.js";

describe("RandomPool", () => {
  test("never hands out the same bytes twice, across refills", () => {
    const pool = new RandomPool(64);
    const seen = new Set<string>();
    for (let i = 0; i < 1_000; i += 1) seen.add(pool.hex(16));
    expect(seen.size).toBe(1_000);
  });

  test("fractions are in [0, 1) and spread over the range", () => {
    const pool = new RandomPool(256);
    const fractions = Array.from({ length: 20_000 }, () => pool.fraction());
    expect(Math.min(...fractions)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...fractions)).toBeLessThan(1);
    const buckets = new Array<number>(10).fill(0);
    for (const f of fractions) buckets[Math.floor(f * 10)] = (buckets[Math.floor(f * 10)] ?? 0) + 1;
    expect(Math.min(...buckets)).toBeGreaterThan(1_500);
  });

  test("refuses a request larger than the pool", () => {
    expect(() => new RandomPool(8).hex(9)).toThrow(/at most 8 bytes/);
  });

  test("trace ids are well-formed W3C traceparents and distinct", () => {
    const a = newTraceparent();
    expect(a).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);
    expect(newTraceparent()).not.toBe(a);
  });
});
