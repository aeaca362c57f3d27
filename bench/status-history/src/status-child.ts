/**
 * The status service in a process of its own, so its memory is its alone:
 *   node --expose-gc dist/status-child.js '<json of StatusChildInput>'
 * Prints `READY {json}` once started (store caught up with the state topic as it stood), then a
 * `PROGRESS {json}` line every 5 s, and stops on SIGTERM.
 */
import { createKafka } from "@takedown/kafka";
import { createLogger } from "@takedown/logger";
import { buildApp } from "@takedown/status";

export interface StatusChildInput {
  brokers: string[];
  topics: { targets: string; cases: string; notices: string; responses: string; state: string };
  dbPath: string;
}

export interface StatusChildReady {
  readyMs: number;
  rssBytes: number;
  heapUsedBytes: number;
  url: string;
  /** Records the store read to become ready, per topic. */
  read: Record<string, number>;
}

export interface StatusChildProgress {
  folded: number;
  applied: number;
  targets: number;
  members: number;
  cases: number;
  rssBytes: number;
}

const input = JSON.parse(process.argv[2] ?? "{}") as StatusChildInput;
const gc = (globalThis as { gc?: () => void }).gc;
if (gc === undefined) throw new Error("run with node --expose-gc");

const logger = createLogger({ service: "bench-status", level: "error" });
// The bench's own topics: the parent hands the cluster admin's login in the environment.
const kafka = createKafka({
  brokers: input.brokers,
  clientId: "bench-status",
  logger,
  sasl: {
    mechanism: "scram-sha-512",
    username: process.env.KAFKA_USERNAME ?? "",
    password: process.env.KAFKA_PASSWORD ?? "",
  },
});
const started = performance.now();
const app = buildApp({
  kafka,
  logger,
  topics: {
    targets: input.topics.targets,
    cases: input.topics.cases,
    notices: [input.topics.notices],
    responses: [input.topics.responses],
    state: input.topics.state,
  },
  dbPath: input.dbPath,
  groupId: "bench-status",
  instanceId: "bench",
  port: 0,
  host: "127.0.0.1",
  catchUpTimeoutMs: 3_600_000,
});
await app.start();
const readyMs = performance.now() - started;
gc();
gc();
const memory = process.memoryUsage();
const ready: StatusChildReady = {
  readyMs,
  rssBytes: memory.rss,
  heapUsedBytes: memory.heapUsed,
  url: app.api.url,
  read: Object.fromEntries(app.feeder.recordsRead),
};
console.log(`READY ${JSON.stringify(ready)}`);

const total = async (counter: "folded" | "applied") =>
  (await app.metrics[counter].get()).values.reduce((sum, v) => sum + v.value, 0);
const timer = setInterval(() => {
  void (async () => {
    const progress: StatusChildProgress = {
      folded: await total("folded"),
      applied: await total("applied"),
      ...app.store.counts(),
      rssBytes: process.memoryUsage().rss,
    };
    console.log(`PROGRESS ${JSON.stringify(progress)}`);
  })();
}, 5000);
process.once("SIGTERM", () => {
  clearInterval(timer);
  app.stop().then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
});
