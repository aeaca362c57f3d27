/**
 * One intake start in a process of its own, so its memory is its alone:
 *   node --expose-gc dist/intake-child.js '<json of IntakeChildInput>'
 * Prints one JSON line (IntakeChildOutput): time from buildApp to the first sampled GET that
 * answers 200, the answers of every sampled GET checked against the history, RSS and heap after
 * two full GCs.
 */
import { generateApiKey } from "@takedown/api-keys";
import { buildApp } from "@takedown/intake";
import { createKafka } from "@takedown/kafka";
import { createLogger } from "@takedown/logger";
import { createS3Client } from "@takedown/s3";
import type { ExpectedTarget } from "@takedown/status";

export interface IntakeChildInput {
  brokers: string[];
  topics: { targets: string; idempotency: string };
  statusUrl: string;
  organIds: string[];
  samples: ExpectedTarget[];
  /** Gives up (printing notReadyAfterMs) when GETs still answer 503 after this long. */
  readyTimeoutMs: number;
}

export interface IntakeChildOutput {
  notReadyAfterMs?: number;
  readyMs: number;
  rssBytes: number;
  heapUsedBytes: number;
  checked: number;
  wrongCount: number;
  /** The first few wrong answers. */
  wrong: string[];
  getMs: { p50: number; p99: number };
}

const input = JSON.parse(process.argv[2] ?? "{}") as IntakeChildInput;
const gc = (globalThis as { gc?: () => void }).gc;
if (gc === undefined) throw new Error("run with node --expose-gc");

const keys = new Map<string, string>();
const organs = [];
for (const id of input.organIds) {
  const key = await generateApiKey();
  keys.set(id, `Bearer ${key.plainKey}`);
  organs.push({
    id,
    names: { ja: id, en: id },
    kind: "other" as const,
    apiKeys: [{ id: key.keyId, hash: key.hash, disabled: false }],
    rateLimit: { requestsPerMinute: 1_000_000, burst: 100_000 },
    example: false,
  });
}
const logger = createLogger({ service: "bench-status-intake", level: "error" });
// The bench's own topics: the parent hands the cluster admin's login in the environment.
const kafka = createKafka({
  brokers: input.brokers,
  clientId: "bench-status-intake",
  logger,
  sasl: {
    mechanism: "scram-sha-512",
    username: process.env.KAFKA_USERNAME ?? "",
    password: process.env.KAFKA_PASSWORD ?? "",
  },
});
const s3 = createS3Client({
  endpoint: "http://127.0.0.1:1",
  region: "us-east-1",
  accessKeyId: "unused",
  secretAccessKey: "unused",
});

const started = performance.now();
const intake = buildApp({
  logger,
  kafka,
  s3,
  organs: { organs },
  topics: { targets: input.topics.targets, idempotency: input.topics.idempotency },
  statusUrl: input.statusUrl,
  // Every sampled GET goes to the status service.
  statusCacheTtlMs: 0,
  evidenceBucket: "unused",
  platforms: { platforms: [] },
  transactionalId: "bench-status-intake",
});
await intake.start();
const get = (sample: Pick<ExpectedTarget, "requestId" | "organId">) =>
  intake.app.inject({
    url: `/v1/requests/${sample.requestId}`,
    headers: { authorization: keys.get(sample.organId) ?? "" },
  });
// start() returns while the Kafka side keeps starting in the background; GETs answer 503 until
// intake can answer them. An id that exists nowhere answers 404 once it can.
const probe = { requestId: "req_01JD0000000000000000000000", organId: input.organIds[0] ?? "" };
for (;;) {
  const answer = await get(probe);
  if (answer.statusCode === 404) break;
  if (answer.statusCode !== 503) throw new Error(`probe GET answered ${answer.statusCode}`);
  if (performance.now() - started > input.readyTimeoutMs) {
    console.log(`RESULT ${JSON.stringify({ notReadyAfterMs: input.readyTimeoutMs })}`);
    process.exit(0);
  }
  await new Promise((resolve) => setTimeout(resolve, 20));
}
const readyMs = performance.now() - started;

const wrong: string[] = [];
const latencies: number[] = [];
for (const sample of input.samples) {
  const began = performance.now();
  const answer = await get(sample);
  latencies.push(performance.now() - began);
  const target = answer.json<{
    targets?: { targetId: string; caseId?: string; caseState?: string }[];
  }>().targets?.[0];
  if (
    answer.statusCode !== 200 ||
    target?.targetId !== sample.targetId ||
    target.caseId !== sample.caseId ||
    target.caseState !== sample.caseState
  )
    wrong.push(`${sample.requestId}: ${answer.statusCode} ${answer.body.slice(0, 200)}`);
}
latencies.sort((a, b) => a - b);
const at = (q: number) =>
  latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0;
gc();
gc();
const memory = process.memoryUsage();
const output: IntakeChildOutput = {
  readyMs,
  rssBytes: memory.rss,
  heapUsedBytes: memory.heapUsed,
  checked: input.samples.length,
  wrongCount: wrong.length,
  wrong: wrong.slice(0, 5),
  getMs: { p50: at(0.5), p99: at(0.99) },
};
console.log(`RESULT ${JSON.stringify(output)}`);
await intake.stop();
s3.destroy();
