import { topics } from "@takedown/contracts";
import { kafkaClientLog, type Kafka } from "@takedown/kafka";
import type { Logger } from "@takedown/logger";
import {
  OperationalEndpoints,
  assessReadiness,
  defaultReadinessPolicy,
  type ProcessorPolicies,
  type TlsCredentials,
} from "@takedown/operational-http";
import { NoteSigner } from "@takedown/transparency-log";
import { Registry } from "prom-client";
import { ArchivedLogReader, PIPELINE_TOPICS } from "@takedown/audit-tools";
import { AuditApi, type AuditorAuthenticator } from "./audit-api.js";
import { AuditLagMonitor } from "./audit-lag.js";
import { AuditService } from "./audit-service.js";
import type { AuditSettings } from "@takedown/audit-tools";
import type { S3Archive } from "@takedown/audit-tools";

export interface AppDependencies {
  kafka: Kafka;
  archive: S3Archive;
  logger: Logger;
  settings: AuditSettings;
  signerKey: string;
  /** organ id → kind from organs.yaml (readOrganKinds), for the report's organ-kind rows. */
  organKinds?: ReadonlyMap<string, string>;
  /** Accepts the auditors' API keys (loadAuditorAuthenticator). */
  auditors: AuditorAuthenticator;
  sourceTopics?: (string | RegExp)[];
  /** Tests on their own topic names: the SPEC topic whose events a record carries. */
  pipelineTopicOf?: (topic: string) => string;
  /** Tests running beside each other give each instance its own group and transactional id. */
  groupId?: string;
  transactionalId?: string;
  /** Called once when the appender cannot recover; main.ts logs FATAL and exits 1. */
  onFatal?: (error: Error) => void;
  policies?: ProcessorPolicies;
  /** The API serves HTTPS with this certificate (AUDIT_TLS_CERT_FILE / _KEY_FILE). */
  tls?: TlsCredentials;
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
    ...(deps.pipelineTopicOf === undefined ? {} : { pipelineTopicOf: deps.pipelineTopicOf }),
    supervision: {
      // What audit cannot record is set aside there, and recorded from there.
      deadLetter: { topic: topics.dlq, source: "/takedown/audit", rejectedBy: "audit" },
      ...(deps.onFatal === undefined ? {} : { onFatal: deps.onFatal }),
      ...(deps.policies === undefined ? {} : { recovery: deps.policies.recovery }),
    },
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
  const processorReadiness = deps.policies?.readiness ?? defaultReadinessPolicy;
  const endpoints = new OperationalEndpoints({
    processors: () => service.health(),
    kafkaConditions: () => kafkaClientLog(deps.kafka).expectedConditions(),
    readiness: processorReadiness,
  });
  const api = new AuditApi({
    reader: new ArchivedLogReader({
      source: deps.archive,
      verifierKey: signer.verifierKey,
      origin: settings.AUDIT_ORIGIN,
    }),
    auditors: deps.auditors,
    logger: deps.logger,
    verifierKey: signer.verifierKey,
    origin: settings.AUDIT_ORIGIN,
    publicMinCell: settings.AUDIT_PUBLIC_MIN_CELL,
    ...(deps.organKinds === undefined ? {} : { organKinds: deps.organKinds }),
    port: settings.AUDIT_PORT,
    ...(deps.tls === undefined ? {} : { tls: deps.tls }),
    host: settings.AUDIT_HOST,
    operations: {
      health: () => {
        const answer = endpoints.respond("/healthz");
        return { ok: answer?.status === 200, body: JSON.parse(answer?.body ?? "{}") as unknown };
      },
      metrics: async () => ({
        contentType: registry.contentType,
        body: (await registry.metrics()) + endpoints.metricsText(),
      }),
      readiness: () => {
        const lagged = lag.readiness();
        const processors = assessReadiness(service.health(), processorReadiness);
        const logRestored = service.appender.state !== undefined;
        return {
          ...lagged,
          processors: processors.processors,
          ready: lagged.ready && processors.ready && logRestored,
          logRestored,
        };
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
