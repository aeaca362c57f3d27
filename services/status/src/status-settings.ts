import { join } from "node:path";
import { z } from "zod";
import {
  consumerGroupIdSchema,
  createConfigError,
  durationSchema,
  envSchema,
  instanceIdSchema,
  kafkaTopicNameSchema,
  loadServiceConfig,
} from "@takedown/config";
import { serviceTopics, topics } from "@takedown/contracts";

const topicList = z
  .string()
  .transform((value) =>
    value
      .split(",")
      .map((t) => t.trim())
      .filter((t) => t.length > 0),
  )
  .pipe(z.array(kafkaTopicNameSchema));

/** SPEC §7 variables the status service uses, plus its own (each with a working default). */
/** "180d", "72h", "30m" as elsewhere in config, or plain milliseconds (tests' short periods). */
const retentionSchema = z.union([
  z.string().regex(/^\d+$/, "milliseconds").transform(Number),
  durationSchema,
]);

const statusEnvSchema = envSchema
  .pick({
    KAFKA_BROKERS: true,
    LOG_LEVEL: true,
    TAKEDOWN_CONFIG_DIR: true,
    S3_ENDPOINT: true,
    S3_REGION: true,
    S3_BUCKET_EVIDENCE: true,
  })
  .extend({
    /** The eraser (issue 13) deletes personal data from S3; one instance per deployment runs it. */
    STATUS_ERASER: z.enum(["on", "off"]).default("on"),
    /** Personal data is erased this long after a request's last case closed or was withdrawn. */
    RETENTION_AFTER_CLOSE: retentionSchema.default(180 * 86_400_000),
    /** How often the eraser sweeps (retention, then S3 deletes of erased requests). */
    ERASURE_SWEEP_INTERVAL_MS: z.coerce.number().int().min(100).max(3_600_000).default(60_000),
    S3_ACCESS_KEY_ID: z.string().min(1).optional(),
    S3_SECRET_ACCESS_KEY: z.string().min(1).optional(),
    TAKEDOWN_DATA_DIR: z.string().min(1).default(".data"),
    STATUS_PORT: z.coerce.number().int().min(0).max(65535).default(8085),
    /** The API is for intake only: loopback unless the deployment says otherwise. */
    STATUS_HOST: z.string().min(1).default("127.0.0.1"),
    STATUS_INSTANCE_ID: instanceIdSchema("status"),
    STATUS_GROUP_ID: consumerGroupIdSchema("takedown-status"),
    /** The SQLite file; default `<TAKEDOWN_DATA_DIR>/status/status.db`. */
    STATUS_DB_PATH: z.string().min(1).optional(),
    STATUS_TARGETS_TOPIC: kafkaTopicNameSchema.default(topics.targets),
    STATUS_CASES_TOPIC: kafkaTopicNameSchema.default(topics.cases),
    STATUS_STATE_TOPIC: kafkaTopicNameSchema.default(serviceTopics.statusState),
    /** Comma-separated; default: every platform of platforms.yaml. */
    STATUS_NOTICES_TOPICS: topicList.optional(),
    STATUS_RESPONSES_TOPICS: topicList.optional(),
  });

export interface StatusSettings {
  kafkaBrokers: string[];
  logLevel: z.output<typeof statusEnvSchema>["LOG_LEVEL"];
  configDir: string;
  port: number;
  host: string;
  instanceId: string;
  groupId: string;
  dbPath: string;
  /** Undefined when STATUS_ERASER=off. */
  eraser?: {
    retentionMs: number;
    intervalMs: number;
    s3: {
      endpoint: string;
      region: string;
      bucket: string;
      accessKeyId: string;
      secretAccessKey: string;
    };
  };
  topics: {
    targets: string;
    cases: string;
    state: string;
    /** Undefined: one per platform of the platform registry. */
    notices?: string[];
    responses?: string[];
  };
}

/** Pure: reads the given environment; an empty variable counts as unset. */
export function readStatusSettings(
  env: Readonly<Record<string, string | undefined>>,
): StatusSettings {
  const e = loadServiceConfig(env, statusEnvSchema);
  const eraserOn = e.STATUS_ERASER === "on";
  if (eraserOn && (e.S3_ACCESS_KEY_ID === undefined || e.S3_SECRET_ACCESS_KEY === undefined))
    throw createConfigError("CONFIG_INVALID_ENV", {
      detail:
        "S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY: required while STATUS_ERASER=on (the eraser deletes personal data from S3)",
    });
  return {
    kafkaBrokers: e.KAFKA_BROKERS,
    logLevel: e.LOG_LEVEL,
    configDir: e.TAKEDOWN_CONFIG_DIR,
    port: e.STATUS_PORT,
    host: e.STATUS_HOST,
    instanceId: e.STATUS_INSTANCE_ID,
    groupId: e.STATUS_GROUP_ID,
    dbPath: e.STATUS_DB_PATH ?? join(e.TAKEDOWN_DATA_DIR, "status", "status.db"),
    ...(eraserOn && {
      eraser: {
        retentionMs: e.RETENTION_AFTER_CLOSE,
        intervalMs: e.ERASURE_SWEEP_INTERVAL_MS,
        s3: {
          endpoint: e.S3_ENDPOINT,
          region: e.S3_REGION,
          bucket: e.S3_BUCKET_EVIDENCE,
          accessKeyId: e.S3_ACCESS_KEY_ID ?? "",
          secretAccessKey: e.S3_SECRET_ACCESS_KEY ?? "",
        },
      },
    }),
    topics: {
      targets: e.STATUS_TARGETS_TOPIC,
      cases: e.STATUS_CASES_TOPIC,
      state: e.STATUS_STATE_TOPIC,
      ...(e.STATUS_NOTICES_TOPICS !== undefined && { notices: e.STATUS_NOTICES_TOPICS }),
      ...(e.STATUS_RESPONSES_TOPICS !== undefined && { responses: e.STATUS_RESPONSES_TOPICS }),
    },
  };
}
