import { describe, expect, it } from "vitest";
import { planChaos } from "./chaos-plan.js";

describe("planChaos", () => {
  it("kills every service the asked number of times, the S3 outage counting for intake and audit", () => {
    const plan = planChaos({
      killsPerService: 3,
      brokers: 1,
      s3OutageMs: 10_000,
      brokerDownMs: 5000,
    });
    const kills = plan
      .filter((a) => a.kind === "kill")
      .map((a) => (a.kind === "kill" ? a.service : ""));
    const count = (name: string) => kills.filter((k) => k === name).length;
    expect([count("intake"), count("dedup"), count("routing"), count("audit")]).toEqual([
      2, 3, 3, 2,
    ]);
    expect(plan.filter((a) => a.kind === "s3-outage")).toHaveLength(1);
    expect(plan.filter((a) => a.kind === "broker-crash")).toEqual([
      { kind: "broker-crash", node: 1, atProgress: 0.5, downMs: 5000 },
    ]);
  });

  it("fires everything while the load runs, in order of progress", () => {
    const plan = planChaos({ killsPerService: 10, brokers: 3, s3OutageMs: 1, brokerDownMs: 1 });
    const progress = plan.map((a) => a.atProgress);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
    expect(Math.min(...progress)).toBeGreaterThanOrEqual(0.05);
    expect(Math.max(...progress)).toBeLessThanOrEqual(0.9);
    // Three nodes: a node other than the first goes down.
    expect(plan.find((a) => a.kind === "broker-crash")).toMatchObject({ node: 2 });
  });

  it("plans no fault when none is asked for", () => {
    expect(planChaos({ killsPerService: 0, brokers: 1, s3OutageMs: 0, brokerDownMs: 0 })).toEqual(
      [],
    );
  });
});
