import { hostname } from "node:os";
import { z } from "zod";
import { envSchema, parseEnvironment } from "@takedown/config";
import { readOperationalSettings, type OperationalSettings } from "@takedown/operational-http";
import { defaultDedupTopics, type DedupTopics } from "./dedup-topics.js";
import { createDedupError } from "./errors.js";

const topicName = z.string().regex(/^[A-Za-z0-9._-]{1,249}$/, "not a Kafka topic name");

/** SPEC §7 variables dedup uses, plus its own (all optional, with working defaults). */
const dedupEnvSchema = envSchema.pick({ KAFKA_BROKERS: true, LOG_LEVEL: true }).extend({
  /** Stable per instance: names its transactional id, so a restart fences the dead process. */
  DEDUP_INSTANCE_ID: z
    .string()
    .regex(/^[A-Za-z0-9._-]{1,100}$/, "letters, digits, '.', '_' or '-' only")
    .default(
      () =>
        hostname()
          .replace(/[^A-Za-z0-9._-]/g, "-")
          .slice(0, 100) || "dedup",
    ),
  DEDUP_GROUP_ID: z
    .string()
    .regex(/^[A-Za-z0-9._-]{1,200}$/)
    .default("takedown-dedup"),
  DEDUP_TARGETS_TOPIC: topicName.default(defaultDedupTopics.targets),
  DEDUP_CASES_TOPIC: topicName.default(defaultDedupTopics.cases),
  DEDUP_DLQ_TOPIC: topicName.default(defaultDedupTopics.dlq),
  DEDUP_STATE_TOPIC: topicName.default(defaultDedupTopics.state),
});

export interface DedupSettings {
  kafkaBrokers: string[];
  logLevel: z.output<typeof dedupEnvSchema>["LOG_LEVEL"];
  instanceId: string;
  groupId: string;
  topics: DedupTopics;
  /** DEDUP_PORT (default 8081, 0 = any free port), recovery bounds, readiness policy. */
  operational: OperationalSettings;
}

/** Pure: reads the given environment; an empty variable counts as unset. */
export function readDedupSettings(
  env: Readonly<Record<string, string | undefined>>,
): DedupSettings {
  const parsed = parseEnvironment(dedupEnvSchema, env);
  if (!parsed.ok) throw createDedupError("DEDUP_INVALID_ENV", { detail: parsed.detail });
  const e = parsed.value;
  return {
    kafkaBrokers: e.KAFKA_BROKERS,
    logLevel: e.LOG_LEVEL,
    instanceId: e.DEDUP_INSTANCE_ID,
    groupId: e.DEDUP_GROUP_ID,
    topics: {
      targets: e.DEDUP_TARGETS_TOPIC,
      cases: e.DEDUP_CASES_TOPIC,
      dlq: e.DEDUP_DLQ_TOPIC,
      state: e.DEDUP_STATE_TOPIC,
    },
    operational: readOperationalSettings(env, { prefix: "DEDUP", defaultPort: 8081 }),
  };
}
