import { existsSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { formatChaosReport } from "./chaos-report.js";
import { runChaos } from "./chaos-run.js";
import { SERVICE_NAMES } from "./pipeline-services.js";

const repo = fileURLToPath(new URL("../../..", import.meta.url));

/**
 * Issue 11 §7 at CI size (the full size is `pnpm exec node bench/chaos/dist/main.js --targets
 * 100000 --kills 10`): 5,000 targets in requests of 100 with alias duplicates from two organs,
 * every service SIGKILLed (intake with requests in flight), the broker crashed once and S3
 * stopped for a while, on a Kafka and S3 server of the test's own. Every end-to-end invariant
 * must hold afterwards; the table printed names what broke.
 */
describe("the pipeline under chaos", () => {
  it("keeps every invariant through kills of each service, a broker crash and an S3 outage", async () => {
    for (const name of [...SERVICE_NAMES.map((s) => join("services", s)), "packages/cli"])
      expect(
        existsSync(join(repo, name, "dist", "main.js")),
        `${name} is built by pnpm run build`,
      ).toBe(true);
    const report = await runChaos({
      repo,
      targets: 5000,
      requestSize: 100,
      duplication: 2.5,
      killsPerService: 1,
      brokers: 1,
      s3OutageMs: 9000,
      brokerDownMs: 5000,
      concurrency: 8,
      quietMs: 10_000,
      drainTimeoutMs: 180_000,
      keep: false,
      print: (line) => console.log(line),
    });
    console.log(formatChaosReport(report));
    expect(report.kills).toEqual({ intake: 1, dedup: 1, routing: 1, audit: 1, status: 1 });
    expect(report.accepted).toBe(5000);
    expect(
      report.checks
        .filter((c) => !c.ok && c.unavailable !== true)
        .map((c) => `${c.name}: ${c.detail}`),
    ).toEqual([]);
  }, 900_000);
});
