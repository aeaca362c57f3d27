import type { Kafka } from "@takedown/kafka";
import type { Logger } from "@takedown/logger";
import { NoteSigner } from "@takedown/transparency-log";
import { Registry } from "prom-client";
import { ArchivedLogReader } from "./archived-log-reader.js";
import { AuditApi, type AuditorAuthenticator } from "./audit-api.js";
import { AuditLagMonitor } from "./audit-lag.js";
import { AuditService } from "./audit-service.js";
import type { AuditSettings } from "./audit-settings.js";
import type { S3Archive } from "./s3-archive.js";

/** Every pipeline topic of SPEC §3 but the audit log itself, platform topics included. */
export const PIPELINE_TOPICS =
  /^takedown\.(targets|cases|triage|dlq|notices\..+|responses\..+)\.v1$/;

export interface AppDependencies {
  kafka: Kafka;
  archive: S3Archive;
  logger: Logger;
  settings: AuditSettings;
  signerKey: string;
  /** Accepts the auditors' API keys (loadAuditorAuthenticator). */
  auditors: AuditorAuthenticator;
  sourceTopics?: (string | RegExp)[];
  /** Tests running beside each other give each instance its own group and transactional id. */
  groupId?: string;
  transactionalId?: string;
}

export interface App {
  service: AuditService;
  lag: AuditLagMonitor;
  api: AuditApi;
  start(): Promise<void>;
  stop(): Promise<void>;
}

/** The audit service and its API, from clients made by main.ts (or by tests). */
export function buildApp(deps: AppDependencies): App {
  const { settings } = deps;
  const signer = NoteSigner.fromSignerKey(deps.signerKey);
  const sourceTopics = deps.sourceTopics ?? [PIPELINE_TOPICS];
  const service = new AuditService({
    kafka: deps.kafka,
    archive: deps.archive,
    signer,
    origin: settings.AUDIT_ORIGIN,
    logger: deps.logger,
    logTopic: settings.AUDIT_LOG_TOPIC,
    sourceTopics,
    tickTopic: settings.AUDIT_TICK_TOPIC,
    watermarkIntervalMs: settings.AUDIT_WATERMARK_INTERVAL_SECONDS * 1000,
    watermarkEveryEntries: settings.AUDIT_WATERMARK_EVERY_ENTRIES,
    // Stable ids: a second instance fences the first instead of appending beside it.
    groupId: deps.groupId ?? "takedown-audit",
    transactionalId: deps.transactionalId ?? "takedown-audit-appender",
    checkpointEveryEntries: settings.AUDIT_CHECKPOINT_EVERY_ENTRIES,
    checkpointIntervalMs: settings.AUDIT_CHECKPOINT_INTERVAL_SECONDS * 1000,
  });
  const registry = new Registry();
  const lag = new AuditLagMonitor({
    kafka: deps.kafka,
    logger: deps.logger,
    sourceTopics,
    isSourceTopic: (topic) => service.appender.isSourceTopic(topic),
    coverage: () => service.appender.coverage,
    registry,
    pollIntervalMs: settings.AUDIT_LAG_POLL_SECONDS * 1000,
    maxLag: settings.AUDIT_READY_MAX_LAG,
    maxLagForMs: settings.AUDIT_READY_MAX_LAG_SECONDS * 1000,
  });
  const api = new AuditApi({
    reader: new ArchivedLogReader({
      source: deps.archive,
      verifierKey: signer.verifierKey,
      origin: settings.AUDIT_ORIGIN,
    }),
    auditors: deps.auditors,
    logger: deps.logger,
    port: settings.AUDIT_PORT,
    operations: {
      metrics: async () => ({ contentType: registry.contentType, body: await registry.metrics() }),
      readiness: () => {
        const lagged = lag.readiness();
        const logRestored = service.appender.state !== undefined;
        return { ...lagged, ready: lagged.ready && logRestored, logRestored };
      },
    },
  });
  return {
    service,
    lag,
    api,
    async start() {
      await service.start();
      await lag.start();
      await api.start();
    },
    async stop() {
      await api.stop();
      await lag.stop();
      await service.stop();
    },
  };
}
