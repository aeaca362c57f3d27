import type { z } from "zod";
import {
  consumerGroupIdSchema,
  envSchema,
  instanceIdSchema,
  kafkaTopicNameSchema,
  loadServiceConfig,
} from "@takedown/config";
import { readOperationalSettings, type OperationalSettings } from "@takedown/operational-http";
import { defaultDedupTopics, type DedupTopics } from "./dedup-topics.js";

/** SPEC §7 variables dedup uses, plus its own (all optional, with working defaults). */
const dedupEnvSchema = envSchema.pick({ KAFKA_BROKERS: true, LOG_LEVEL: true }).extend({
  DEDUP_INSTANCE_ID: instanceIdSchema("dedup"),
  DEDUP_GROUP_ID: consumerGroupIdSchema("takedown-dedup"),
  DEDUP_TARGETS_TOPIC: kafkaTopicNameSchema.default(defaultDedupTopics.targets),
  DEDUP_CASES_TOPIC: kafkaTopicNameSchema.default(defaultDedupTopics.cases),
  DEDUP_DLQ_TOPIC: kafkaTopicNameSchema.default(defaultDedupTopics.dlq),
  DEDUP_STATE_TOPIC: kafkaTopicNameSchema.default(defaultDedupTopics.state),
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
  const e = loadServiceConfig(env, dedupEnvSchema);
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
