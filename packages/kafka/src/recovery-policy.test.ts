import { describe, expect, it } from "vitest";
import { FailureRun, backoffDelay, defaultRecoveryPolicy } from "./recovery-policy.js";

const policy = { ...defaultRecoveryPolicy, initialDelayMs: 100, maxDelayMs: 1000 };

describe("recovery policy", () => {
  it("backs off exponentially up to the cap", () => {
    expect([1, 2, 3, 4, 5, 6].map((n) => backoffDelay(policy, n))).toEqual([
      100, 200, 400, 800, 1000, 1000,
    ]);
  });

  it("gives up after maxRestarts restarts in one run", () => {
    const run = new FailureRun({ ...policy, maxRestarts: 3 });
    expect([run.nextRestart(0), run.nextRestart(0), run.nextRestart(0)]).toEqual([100, 200, 400]);
    expect(run.nextRestart(0)).toBeUndefined();
  });

  it("gives up when the run would outlast maxRecoveryMs, counted from its first failure", () => {
    const run = new FailureRun({ ...policy, maxRecoveryMs: 10_000 });
    run.failed(0);
    expect(run.withinBound(9_000)).toBe(true);
    expect(run.nextRestart(9_000)).toBe(100);
    expect(run.nextRestart(9_850)).toBeUndefined();
    expect(run.withinBound(10_001)).toBe(false);
  });

  it("starts over after the run ends", () => {
    const run = new FailureRun({ ...policy, maxRestarts: 1 });
    expect(run.nextRestart(0)).toBe(100);
    run.ended();
    expect(run.active).toBe(false);
    expect(run.nextRestart(50_000)).toBe(100);
  });
});
