#!/usr/bin/env node
/**
 * Intake throughput vs a Fastify hello-world POST of the same body, same connections, same run,
 * plus a publish-only Fastify (the body straight onto Kafka through the same batching producer):
 * the ceiling for any intake here. `node bench/intake/dist/main.js --connections 32,128,256`
 * (`--seconds 10`, `--linger-ms 2`). `--rates 200,1000` offers intake a fixed request rate
 * instead (open loop) and prints accepted/s, shed/s and the latency of 202s and 503s;
 * `--max-in-flight`, `--max-event-loop-delay-ms` and `--publish-timeout-ms` set intake's bounds,
 * `--backlog` the servers' listen backlog (4096 as intake's main.ts; Node's default is 511). Uses the broker and S3 named
 * by KAFKA_BROKERS / S3_* when set, else starts its own from infra/ on free ports.
 */
import { randomBytes } from "node:crypto";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import autocannon from "autocannon";
import Fastify from "fastify";
import { generateApiKey } from "@takedown/api-keys";
import { buildApp, type IntakeApp } from "@takedown/intake";
import { BatchingTransactionalProducer, createKafka } from "@takedown/kafka";
import { bareClientOf } from "@takedown/kafka/bare-client";
import { startLocalInfra } from "@takedown/local-infra";
import { createLogger } from "@takedown/logger";
import { createS3Client, ensureBucket } from "@takedown/s3";
import { offerLoad, type OfferedLoadFigures } from "./offered-load.js";

interface Infra {
  brokers: string[];
  /** The cluster's admin: the bench writes its own topics. */
  admin: { username: string; password: string };
  s3: { endpoint: string; region: string; accessKeyId: string; secretAccessKey: string };
  stop: () => Promise<void>;
}

async function infra(repo: string): Promise<Infra> {
  const env = process.env;
  if (env.KAFKA_BROKERS && env.S3_ENDPOINT && env.S3_ACCESS_KEY_ID && env.S3_SECRET_ACCESS_KEY) {
    return {
      brokers: env.KAFKA_BROKERS.split(","),
      admin: { username: env.KAFKA_ADMIN_USER ?? "", password: env.KAFKA_ADMIN_PASSWORD ?? "" },
      s3: {
        endpoint: env.S3_ENDPOINT,
        region: env.S3_REGION ?? "us-east-1",
        accessKeyId: env.S3_ACCESS_KEY_ID,
        secretAccessKey: env.S3_SECRET_ACCESS_KEY,
      },
      stop: async () => {},
    };
  }
  const { infra: started, stop } = await startLocalInfra(repo, "bench-intake");
  return { brokers: started.kafkaBrokers, admin: started.kafkaAdmin, s3: started.s3, stop };
}

interface Figures {
  name: string;
  requestsPerSecond: number;
  p50: number;
  p99: number;
  non2xx: number;
}

async function load(options: {
  name: string;
  url: string;
  body: string;
  authorization: string;
  connections: number;
  seconds: number;
}): Promise<Figures> {
  const result = await autocannon({
    url: options.url,
    method: "POST",
    headers: { "content-type": "application/json", authorization: options.authorization },
    body: options.body,
    connections: options.connections,
    duration: options.seconds,
  });
  return {
    name: options.name,
    requestsPerSecond: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    non2xx: result.non2xx,
  };
}

/** Cumulative transaction figures from intake's own /metrics. */
async function intakeFigures(intake: IntakeApp) {
  const text = (await intake.app.inject({ url: "/metrics" })).body;
  const value = (name: string): number =>
    Number(new RegExp(`^${name} (\\S+)$`, "m").exec(text)?.[1] ?? NaN);
  return {
    groupsSum: value("intake_kafka_transaction_groups_sum"),
    groupsCount: value("intake_kafka_transaction_groups_count"),
    produceSum: value("intake_kafka_produce_duration_seconds_sum"),
    produceCount: value("intake_kafka_produce_duration_seconds_count"),
  };
}

/** Waits until no request of an earlier load is still in flight in intake. */
async function awaitIdle(intake: IntakeApp): Promise<void> {
  for (;;) {
    const text = (await intake.app.inject({ url: "/metrics" })).body;
    if (/^intake_requests_in_flight 0$/m.test(text)) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

function printOffered(f: OfferedLoadFigures): void {
  const ms = (value: number) => `${value.toFixed(0)} ms`;
  console.log(
    `\noffered ${f.rate}/s for ${f.seconds.toFixed(1)} s (open loop; latency from each request's scheduled start)`,
  );
  const kinds = Object.entries(f.perSecond).sort(([a], [b]) => a.localeCompare(b));
  for (const [kind, perSecond] of kinds)
    console.log(`  ${kind.padEnd(30)} ${perSecond.toFixed(1)}/s`);
  console.log(
    `  202 latency   p50 ${ms(f.accepted.p50)}  p99 ${ms(f.accepted.p99)}  max ${ms(f.accepted.max)}`,
  );
  console.log(
    `  503 latency   p50 ${ms(f.refused.p50)}  p99 ${ms(f.refused.p99)}  max ${ms(f.refused.max)}`,
  );
  console.log(`  ratio accepted / offered: ${((f.perSecond["202"] ?? 0) / f.rate).toFixed(2)}`);
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      connections: { type: "string" },
      seconds: { type: "string" },
      "linger-ms": { type: "string" },
      rates: { type: "string" },
      "max-in-flight": { type: "string" },
      "publish-timeout-ms": { type: "string" },
      "max-event-loop-delay-ms": { type: "string" },
      backlog: { type: "string" },
    },
  });
  const rates = values.rates === undefined ? [] : values.rates.split(",").map(Number);
  // Without --rates the connection sweep runs as before; with it, only when asked for.
  const connectionCounts =
    values.connections === undefined && rates.length > 0
      ? []
      : (values.connections ?? "32").split(",").map(Number);
  const lingerMs = Number(values["linger-ms"] ?? 2);
  const seconds = Number(values.seconds ?? 10);
  const repo = fileURLToPath(new URL("../../..", import.meta.url));
  const servers = await infra(repo);
  const logger = createLogger({ service: "bench-intake", level: "warn" });
  const kafka = bareClientOf(
    createKafka({
      brokers: servers.brokers,
      sasl: { mechanism: "scram-sha-512", ...servers.admin },
      clientId: "bench-intake",
    }),
  );
  const s3 = createS3Client(servers.s3);
  const run = randomBytes(4).toString("hex");
  const topics = {
    targets: `bench.targets.${run}.v1`,
    idempotency: `bench.idem.${run}.v1`,
    publishOnly: `bench.publish-only.${run}.v1`,
  };
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({
    waitForLeaders: true,
    topics: [
      { topic: topics.targets, numPartitions: 6, replicationFactor: 1 },
      { topic: topics.publishOnly, numPartitions: 6, replicationFactor: 1 },
      {
        topic: topics.idempotency,
        numPartitions: 6,
        replicationFactor: 1,
        configEntries: [{ name: "cleanup.policy", value: "compact" }],
      },
    ],
  });
  const bucket = `bench-${run}`;
  await ensureBucket(s3, bucket);
  const key = await generateApiKey();
  const intake = buildApp({
    logger,
    kafka,
    s3,
    organs: {
      organs: [
        {
          id: "bench-organ",
          names: { ja: "bench", en: "bench" },
          kind: "other",
          apiKeys: [{ id: key.keyId, hash: key.hash, disabled: false }],
          rateLimit: { requestsPerMinute: 100_000_000, burst: 1_000_000 },
          example: false,
        },
      ],
    },
    topics: { targets: topics.targets, idempotency: topics.idempotency },
    // Only POSTs here: no status service needed.
    statusUrl: "http://127.0.0.1:1",
    evidenceBucket: bucket,
    platforms: { platforms: [] },
    transactionalId: `bench-intake-${run}`,
    lingerMs,
    ...(values["max-in-flight"] !== undefined && { maxInFlight: Number(values["max-in-flight"]) }),
    ...(values["max-event-loop-delay-ms"] !== undefined && {
      maxEventLoopDelayMs: Number(values["max-event-loop-delay-ms"]),
    }),
    ...(values["publish-timeout-ms"] !== undefined && {
      publishTimeoutMs: Number(values["publish-timeout-ms"]),
    }),
  });
  const hello = Fastify();
  hello.post("/v1/requests", (_request, reply) =>
    reply.code(202).send({ requestId: "req_hello", targets: [] }),
  );
  // The floor under any intake on this machine: the same Fastify POST whose handler only puts the
  // body on Kafka through the same batching transactional producer, with no checks at all.
  const publishOnlyProducer = new BatchingTransactionalProducer({
    kafka,
    logger,
    transactionalId: `bench-publish-only-${run}`,
    lingerMs,
  });
  const publishOnly = Fastify();
  publishOnly.post("/v1/requests", async (request, reply) => {
    await publishOnlyProducer.send([
      { topic: topics.publishOnly, key: "publish-only", value: JSON.stringify(request.body) },
    ]);
    return reply.code(202).send({ requestId: "req_publish_only", targets: [] });
  });
  try {
    await intake.start();
    await publishOnlyProducer.start();
    // As services/intake/src/main.ts listens (a backlog that a burst of connections cannot overflow).
    const listen = { port: 0, host: "127.0.0.1", backlog: Number(values.backlog ?? 4096) };
    const intakeUrl = await intake.app.listen(listen);
    const helloUrl = await hello.listen(listen);
    const publishOnlyUrl = await publishOnly.listen(listen);
    const body = JSON.stringify({
      targets: [{ url: "https://x.com/someone/status/1234567890?utm_source=share" }],
      category: "defamation",
      classification: "rights_infringement",
      legalBasis: "pla_art3_2_1",
      requestedAction: "remove",
      description: "The post states false facts that lower the person's social standing.",
      evidence: [],
    });
    const authorization = `Bearer ${key.plainKey}`;
    const urls = {
      hello: `${helloUrl}/v1/requests`,
      floor: `${publishOnlyUrl}/v1/requests`,
      intake: `${intakeUrl}/v1/requests`,
    };
    // A short warm-up of each, so none pays for JIT and connection setup in its figures.
    for (const url of Object.values(urls))
      await load({ name: "warm", url, body, authorization, connections: 32, seconds: 2 });
    console.log(`${seconds} s per server and connection count; 1 target per request, acks=all`);
    for (const connections of connectionCounts) {
      const common = { body, authorization, connections, seconds };
      const before = await intakeFigures(intake);
      const baseline = await load({ ...common, name: "fastify hello-world", url: urls.hello });
      const floor = await load({ ...common, name: "fastify + publish only", url: urls.floor });
      const measured = await load({
        ...common,
        name: "intake POST /v1/requests",
        url: urls.intake,
      });
      const after = await intakeFigures(intake);
      console.log(`\nconnections ${connections}`);
      for (const f of [baseline, floor, measured]) {
        console.log(
          `${f.name.padEnd(26)} ${f.requestsPerSecond.toFixed(0).padStart(7)} req/s  p50 ${f.p50} ms  p99 ${f.p99} ms  non-2xx ${f.non2xx}`,
        );
      }
      const perTransaction =
        (after.groupsSum - before.groupsSum) / (after.groupsCount - before.groupsCount);
      const commitMs =
        (1000 * (after.produceSum - before.produceSum)) /
        (after.produceCount - before.produceCount);
      console.log(
        `intake: ${perTransaction.toFixed(1)} requests per transaction, ${commitMs.toFixed(1)} ms from hand-over to commit (means)`,
      );
      const ratio = (a: Figures, b: Figures): string =>
        (a.requestsPerSecond / b.requestsPerSecond).toFixed(2);
      console.log(
        `ratio publish-only / hello-world: ${ratio(floor, baseline)} (no intake can beat this here)`,
      );
      console.log(`ratio intake / publish-only:      ${ratio(measured, floor)}`);
      console.log(`ratio intake / hello-world:       ${ratio(measured, baseline)} (goal >= 0.5)`);
    }
    for (const rate of rates) {
      await awaitIdle(intake);
      const offered = await offerLoad({
        url: urls.intake,
        body,
        authorization,
        rate,
        seconds,
        timeoutMs: 60_000,
      });
      printOffered(offered);
    }
  } finally {
    await hello.close();
    await publishOnly.close();
    await publishOnlyProducer.stop();
    await intake.stop();
    await admin.deleteTopics({ topics: Object.values(topics) }).catch(() => undefined);
    await admin.disconnect();
    s3.destroy();
    await servers.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
