import { existsSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { formatFuzzReport } from "./fuzz-checks.js";
import { runFuzz } from "./fuzz-run.js";
import { SERVICE_NAMES } from "./pipeline-services.js";

const repo = fileURLToPath(new URL("../../..", import.meta.url));

/**
 * Issue 16 §4 at CI size (the full size is `pnpm exec node bench/fuzz/dist/main.js --requests
 * 100000 --records 10000`): malformed requests to intake over real HTTP and malformed records
 * on x's responses topic, against the four services as child processes on a broker and S3
 * server of the test's own. A fixed seed keeps CI reproducible; the bench draws a new one.
 */
describe("the pipeline's edges under fuzzing", () => {
  it("answers no 5xx, does not crash or stall, sets every bad record aside with its reason, frees memory", async () => {
    for (const name of SERVICE_NAMES)
      expect(existsSync(join(repo, "services", name, "dist", "main.js")), `${name} is built`).toBe(
        true,
      );
    const report = await runFuzz({
      repo,
      seed: "ci-fuzz-1",
      requests: 2000,
      records: 1000,
      concurrency: 32,
      phaseTimeoutMs: 240_000,
      drainTimeoutMs: 120_000,
      platformId: "x",
      keep: false,
      print: (line) => console.log(line),
    });
    console.log(formatFuzzReport(report));
    expect(report.intake.sent).toBe(2000);
    expect(report.records.sent + report.records.refusedByBroker).toBe(1000);
    // Every kind of malformed input was tried, and intake answered each kind.
    expect(Object.keys(report.intake.byKind).length).toBeGreaterThanOrEqual(12);
    expect(Object.keys(report.records.byKind).length).toBeGreaterThanOrEqual(12);
    expect(report.checks.filter((c) => !c.ok).map((c) => `${c.name}: ${c.detail}`)).toEqual([]);
  }, 900_000);
});
