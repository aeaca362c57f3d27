import { spawnSync } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { caseIdFor, encodeEvent } from "@takedown/contracts";
import {
  CaseStore,
  DedupService,
  decodeChangelogValue,
  encodeChangelogValue,
  syntheticTargets,
} from "@takedown/dedup";
import { createKafka, restoreChangelog } from "@takedown/kafka";
import { bareClientOf, type BareKafka } from "@takedown/kafka/bare-client";

type Admin = ReturnType<BareKafka["admin"]>;
import { createLogger } from "@takedown/logger";
import { TransactionalRelay } from "@takedown/pipeline-harness";
import { benchBroker } from "./local-broker.js";
import { ThroughputPass } from "./throughput-pass.js";

/**
 * Run by hand (not in CI):
 *   npx tsc -b bench/dedup && node bench/dedup/dist/main.js [targets=30000] [restoreCases=200000] [memoryCases=1000000]
 * Uses KAFKA_BROKERS when set, else starts its own broker from infra/kafka. Prints:
 * - targets/s through DedupService vs a bare transactional kafkajs relay, same input, same
 *   batch size, same one-transaction-per-batch, interleaved rounds (goal: ratio >= 0.7);
 * - RSS and V8 heap per open case with a million cases in memory (goal: <= 256 B);
 * - time to restore the case state from the changelog.
 */
const [targetsArg, restoreArg, memoryArg] = process.argv.slice(2);
const targetCount = Number(targetsArg ?? "30000");
const restoreCases = Number(restoreArg ?? "200000");
const memoryCases = Number(memoryArg ?? "1000000");
const PARTITIONS = 6;
const BATCH_BYTES = 256 * 1024;
const ROUNDS = 2;
const run = randomBytes(4).toString("hex");
// kafkajs logs every CONCURRENT_TRANSACTIONS answer as an error; LOG_LEVEL=error shows them.
const logger = createLogger({
  service: "bench-dedup",
  level: process.env.LOG_LEVEL === "error" ? "error" : "fatal",
});
const here = fileURLToPath(new URL(".", import.meta.url));

function memory(mode: "compact" | "plain", members: number) {
  const child = spawnSync(
    process.execPath,
    ["--expose-gc", join(here, "state-memory.js"), mode, String(memoryCases), String(members)],
    { encoding: "utf8", maxBuffer: 1 << 20 },
  );
  if (child.status !== 0) throw new Error(`state-memory failed: ${child.stderr}`);
  return JSON.parse(child.stdout) as { rssPerCase: number; heapPerCase: number };
}

async function createTopics(admin: Admin, names: string[], compact = false): Promise<void> {
  await admin.createTopics({
    waitForLeaders: true,
    topics: names.map((topic) => ({
      topic,
      numPartitions: PARTITIONS,
      replicationFactor: 1,
      configEntries: compact ? [{ name: "cleanup.policy", value: "compact" }] : [],
    })),
  });
}

const bytes = (n: number) => `${n.toFixed(0).padStart(4)} B`;
console.log(`[memory] ${memoryCases.toLocaleString("en-US")} open cases, in-memory state only`);
for (const [mode, members] of [
  ["plain", 1],
  ["compact", 1],
  ["compact", 3],
] as const) {
  const m = memory(mode, members);
  console.log(
    `[memory] ${mode.padEnd(7)} ${members} member(s)/case: RSS ${bytes(m.rssPerCase)}/case, heap ${bytes(m.heapPerCase)}/case`,
  );
}

const broker = await benchBroker();
const kafka = bareClientOf(
  createKafka({
    brokers: broker.brokers,
    sasl: broker.sasl,
    clientId: `bench-${run}`,
    logger,
  }),
);
const admin = kafka.admin();
await admin.connect();
try {
  const input = `bench.targets.${run}.v1`;
  await createTopics(admin, [input]);
  const producer = kafka.producer();
  await producer.connect();
  const urls = Math.ceil(targetCount / 3.3);
  for (let at = 0; at < targetCount; at += 1000) {
    const events = syntheticTargets({
      count: Math.min(1000, targetCount - at),
      first: at,
      urls,
      runId: run,
    });
    await producer.send({ topic: input, messages: events.map((e) => encodeEvent(e)) });
  }
  console.log(
    `[throughput] ${targetCount.toLocaleString("en-US")} targets over ${urls.toLocaleString("en-US")} URLs, ${PARTITIONS} partitions, ${BATCH_BYTES / 1024} KiB per fetched batch`,
  );

  const relayPass = async (round: number) => {
    const pass = new ThroughputPass(targetCount);
    let transactions = 0;
    const relay = new TransactionalRelay({
      kafka,
      groupId: `relay-${run}-${round}`,
      transactionalId: `relay-${run}-${round}`,
      input,
      output: `bench.relay.${run}.${round}.v1`,
      maxBytesPerPartition: BATCH_BYTES,
      onBatchCommitted: (records) => {
        transactions += 1;
        pass.committedBatch(records);
      },
    });
    await createTopics(admin, [`bench.relay.${run}.${round}.v1`]);
    await relay.start();
    const result = await pass.done;
    await relay.stop();
    return { ...result, transactions };
  };
  const dedupPass = async (round: number) => {
    const topics = {
      targets: input,
      cases: `bench.cases.${run}.${round}.v1`,
      dlq: `bench.dlq.${run}.${round}.v1`,
      state: `bench.state.${run}.${round}.v1`,
    };
    await createTopics(admin, [topics.cases, topics.dlq]);
    await createTopics(admin, [topics.state], true);
    const pass = new ThroughputPass(targetCount);
    const transactions = { targets: 0, cases: 0 };
    const service = new DedupService({
      kafka,
      logger,
      instanceId: `bench-${round}`,
      groupId: `dedup-${run}-${round}`,
      topics,
      maxBytesPerPartition: BATCH_BYTES,
      onBatchCommitted: (batch) => {
        if (batch.topic !== input) transactions.cases += pass.finished ? 0 : 1;
        else if (pass.committedBatch(batch.records) === "counted") transactions.targets += 1;
      },
    });
    await service.start();
    const result = await pass.done;
    await service.stop();
    return { ...result, cases: service.store.size, transactions };
  };

  let bestRelay = 0;
  let bestDedup = 0;
  for (let round = 0; round < ROUNDS; round++) {
    const relay = await relayPass(round);
    const dedup = await dedupPass(round);
    const relayRate = relay.records / relay.seconds;
    const dedupRate = dedup.records / dedup.seconds;
    bestRelay = Math.max(bestRelay, relayRate);
    bestDedup = Math.max(bestDedup, dedupRate);
    console.log(
      `[throughput] round ${round + 1}: relay ${Math.round(relayRate).toLocaleString("en-US")} targets/s, dedup ${Math.round(dedupRate).toLocaleString("en-US")} targets/s (${dedup.cases.toLocaleString("en-US")} cases), ratio ${(dedupRate / relayRate).toFixed(2)}; transactions: relay ${relay.transactions}, dedup ${dedup.transactions.targets} on targets + ${dedup.transactions.cases} on cases (its own events read back)`,
    );
  }
  console.log(
    `[throughput] best of ${ROUNDS}: dedup/relay = ${(bestDedup / bestRelay).toFixed(2)} (goal >= 0.70)`,
  );

  // Restore: a changelog of `restoreCases` open cases (one member each), read back the way
  // DedupService does when partitions are assigned.
  const stateTopic = `bench.restore.${run}.v1`;
  await createTopics(admin, [stateTopic], true);
  const targets = syntheticTargets({ count: 1, urls: 1, runId: run });
  const member = targets[0]?.data;
  if (member === undefined) throw new Error("no sample target");
  for (let at = 0; at < restoreCases; at += 2000) {
    const messages = Array.from({ length: Math.min(2000, restoreCases - at) }, (_, i) => {
      const contentKey = createKey(at + i);
      const value = encodeChangelogValue({
        caseId: caseIdFor(contentKey, "01J9Z8X7QK3M4N5P6R7S8T9V0W"),
        state: "open",
        members: [{ targetId: member.targetId, organId: member.organId, withdrawn: false }],
        earlierTargetIds: [],
      });
      return { key: contentKey, value };
    });
    await producer.send({ topic: stateTopic, messages });
  }
  await producer.disconnect();
  const store = new CaseStore();
  const started = process.hrtime.bigint();
  const restored = await restoreChangelog({
    kafka,
    topic: stateTopic,
    partitions: Array.from({ length: PARTITIONS }, (_, p) => p),
    onRecord: ({ partition, message }) => {
      const contentKey = message.key?.toString("utf8") ?? "";
      store.write(partition, contentKey, decodeChangelogValue(contentKey, message.value));
    },
  });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (store.size !== restoreCases) throw new Error(`restored ${store.size} of ${restoreCases}`);
  console.log(
    `[restore] ${restored.records.toLocaleString("en-US")} changelog records in ${seconds.toFixed(2)} s (${Math.round(restored.records / seconds).toLocaleString("en-US")} records/s; 1M cases ≈ ${(seconds * (1_000_000 / restoreCases)).toFixed(0)} s)`,
  );
} finally {
  await admin.disconnect();
  await broker.stop();
}

function createKey(i: number): string {
  return createHashHex(`bench-restore-${run}-${i}`);
}

function createHashHex(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}
