import { describe, expect, it } from "vitest";
import { parseCpuSeconds, processCpuSeconds } from "./process-cpu.js";
import { latencyStats } from "./latency-stats.js";

describe("parseCpuSeconds", () => {
  it("adds utime and stime, counting fields after a name with spaces and parentheses", () => {
    const stat = "4242 (node (main) x) S 1 4242 4242 0 -1 4194560 5 0 0 0 250 75 0 0 20 0 11 0 1";
    expect(parseCpuSeconds(stat)).toBe(3.25);
  });

  it("reads this process, and nothing for one that does not exist", async () => {
    expect(await processCpuSeconds(process.pid)).toBeGreaterThan(0);
    expect(await processCpuSeconds(2 ** 30)).toBeUndefined();
  });
});

describe("latencyStats", () => {
  it("takes nearest-rank percentiles", () => {
    const durations = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(latencyStats(durations)).toEqual({ p50: 50, p99: 99, max: 100, count: 100 });
    expect(latencyStats([])).toBeUndefined();
  });
});
