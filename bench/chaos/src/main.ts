import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { formatChaosReport, runChaos } from "@takedown/pipeline-harness";

/**
 * Run by hand (CI runs a small one in packages/pipeline-harness/src/chaos.integration.test.ts):
 *   pnpm exec node bench/chaos/dist/main.js --targets 100000 --kills 10 [--brokers 3]
 * Starts its own Kafka (one node or three) and S3 server, the four services as child processes,
 * sends the targets with alias duplicates from two organs while killing each service `--kills`
 * times, crashing a broker once and stopping S3 for a while, then checks every end-to-end
 * invariant and prints the table. Exits 1 when a check fails (the data folder is kept then).
 */
const { values } = parseArgs({
  options: {
    targets: { type: "string", default: "100000" },
    kills: { type: "string", default: "10" },
    brokers: { type: "string", default: "1" },
    "request-size": { type: "string", default: "100" },
    duplication: { type: "string", default: "2.5" },
    "s3-outage-seconds": { type: "string", default: "20" },
    "broker-down-seconds": { type: "string", default: "15" },
    rate: { type: "string" },
    concurrency: { type: "string", default: "8" },
    "quiet-seconds": { type: "string", default: "20" },
    "drain-timeout-seconds": { type: "string", default: "900" },
    keep: { type: "boolean", default: false },
  },
});

const number = (name: keyof typeof values): number => {
  const value = Number(values[name]);
  if (!Number.isFinite(value) || value < 0) throw new Error(`--${name} must be a number`);
  return value;
};
const brokers = number("brokers");
if (brokers !== 1 && brokers !== 3) throw new Error("--brokers must be 1 or 3");

const report = await runChaos({
  repo: fileURLToPath(new URL("../../..", import.meta.url)),
  targets: number("targets"),
  requestSize: number("request-size"),
  duplication: number("duplication"),
  killsPerService: number("kills"),
  brokers,
  s3OutageMs: number("s3-outage-seconds") * 1000,
  brokerDownMs: number("broker-down-seconds") * 1000,
  ...(values.rate === undefined ? {} : { ratePerSecond: number("rate") }),
  concurrency: number("concurrency"),
  quietMs: number("quiet-seconds") * 1000,
  drainTimeoutMs: number("drain-timeout-seconds") * 1000,
  keep: values.keep,
  print: (line) => console.log(line),
});
console.log(formatChaosReport(report));
process.exitCode = report.passed ? 0 : 1;
