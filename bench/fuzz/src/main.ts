import { randomBytes } from "node:crypto";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { formatFuzzReport, runFuzz } from "@takedown/pipeline-harness";

/**
 * Run by hand (CI runs a small one in packages/pipeline-harness/src/fuzz.integration.test.ts):
 *   pnpm exec node bench/fuzz/dist/main.js [--requests 100000] [--records 10000] [--seed <seed>]
 * Starts its own Kafka and S3 and the four services (inspector on loopback, for memory after
 * GC), sends malformed requests to intake over HTTP and malformed records to a platform's
 * responses topic, then checks: no 5xx, no crash, no stalled partition, every record in the DLQ
 * with its reason, heap back to its baseline. The seed is printed first; the same seed sends
 * the same requests and records. Exits 1 when a check fails (the data folder is kept then).
 */
const { values } = parseArgs({
  options: {
    requests: { type: "string", default: "100000" },
    records: { type: "string", default: "10000" },
    seed: { type: "string" },
    concurrency: { type: "string", default: "32" },
    platform: { type: "string", default: "x" },
    "phase-timeout-seconds": { type: "string", default: "900" },
    "drain-timeout-seconds": { type: "string", default: "300" },
    keep: { type: "boolean", default: false },
  },
});

const number = (name: keyof typeof values): number => {
  const value = Number(values[name]);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`--${name} must be a positive number`);
  return value;
};

const report = await runFuzz({
  repo: fileURLToPath(new URL("../../..", import.meta.url)),
  seed: values.seed ?? randomBytes(8).toString("hex"),
  requests: number("requests"),
  records: number("records"),
  concurrency: number("concurrency"),
  phaseTimeoutMs: number("phase-timeout-seconds") * 1000,
  drainTimeoutMs: number("drain-timeout-seconds") * 1000,
  platformId: values.platform ?? "x",
  keep: values.keep,
  print: (line) => console.log(line),
});
console.log(formatFuzzReport(report));
process.exitCode = report.passed ? 0 : 1;
