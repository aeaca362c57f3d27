import { hostname } from "node:os";
import { loadConfig, readConfigFiles } from "@takedown/config";
import { createKafka, loadServiceKafkaConfig } from "@takedown/kafka";
import { createLogger } from "@takedown/logger";
import { readOperationalSettings } from "@takedown/operational-http";
import { exitOnFatal, stopOnSignals } from "@takedown/shutdown";
import { createS3Client } from "@takedown/s3";
import { noticesTopic, responsesTopicPattern, serviceTopics, topics } from "@takedown/contracts";
import { createRoutingError } from "./errors.js";
import { presignedDetailsLinks } from "./dossier-links.js";
import { presignedEvidenceLinks } from "./evidence-links.js";
import { buildApp } from "./routing-app.js";

function positiveInteger(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === "") return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value <= 0)
    throw createRoutingError("ROUTING_INVALID_SETTING", { detail: `${name}=${raw}` });
  return value;
}

const env = process.env;
const config = loadConfig({
  env,
  files: await readConfigFiles(env.TAKEDOWN_CONFIG_DIR ?? "config"),
});
const operational = readOperationalSettings(env, { prefix: "ROUTING", defaultPort: 8082 });
const logger = createLogger({ service: "routing", level: config.env.LOG_LEVEL });
const kafka = createKafka({ ...loadServiceKafkaConfig(env, "routing", "routing"), logger });
const s3 = createS3Client({
  endpoint: config.env.S3_ENDPOINT,
  region: config.env.S3_REGION,
  accessKeyId: config.env.S3_ACCESS_KEY_ID,
  secretAccessKey: config.env.S3_SECRET_ACCESS_KEY,
});
// SigV4 presigned URLs are valid for at most 7 days.
const linkTtlSeconds = Math.min(
  positiveInteger(env, "ROUTING_EVIDENCE_URL_TTL_SECONDS", 604_800),
  604_800,
);
const app = buildApp({
  kafka,
  logger,
  platforms: config.platforms,
  topics: {
    cases: topics.cases,
    triage: topics.triage,
    dlq: topics.dlq,
    rekeyedResponses: serviceTopics.routingResponses,
    state: serviceTopics.routingState,
    noticesOf: noticesTopic,
    responses: responsesTopicPattern,
  },
  linkEvidence: presignedEvidenceLinks({
    client: s3,
    bucket: config.env.S3_BUCKET_EVIDENCE,
    expiresInSeconds: linkTtlSeconds,
  }),
  // Same expiry as the evidence: one renewal (evidence_links_renewed) refreshes both.
  linkDetails: presignedDetailsLinks({
    client: s3,
    bucket: config.env.S3_BUCKET_EVIDENCE,
    expiresInSeconds: linkTtlSeconds,
  }),
  clock: () => new Date(),
  groupId: "takedown-routing",
  instanceId: env.ROUTING_INSTANCE_ID ?? hostname(),
  tickIntervalMs: positiveInteger(env, "ROUTING_DEADLINE_TICK_MS", 10_000),
  metadataMaxAgeMs: 30_000,
  operational,
  onFatal: exitOnFatal({ logger, stop: () => stop() }),
});

async function stop(): Promise<void> {
  await app.stop();
  s3.destroy();
}

stopOnSignals({ logger, stop });

try {
  await app.start();
  logger.info({ platforms: config.platforms.platforms.length }, "routing started");
} catch (error) {
  logger.fatal({ err: error }, "routing failed to start");
  await app.stop().catch(() => undefined);
  process.exit(1);
}
