import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { RecordWriter, kafkaClientLog, type Kafka, type RecoveryPolicy } from "@takedown/kafka";
import type { Logger } from "@takedown/logger";
import {
  OperationalEndpoints,
  assessReadiness,
  defaultReadinessPolicy,
} from "@takedown/operational-http";
import type { S3Client } from "@takedown/s3";
import { PersonalDataEraser } from "./personal-data-eraser.js";
import { StatusApi } from "./status-api.js";
import { StatusMetrics } from "./status-metrics.js";
import { StatusStore } from "./status-store.js";
import { StatusUpdater } from "./status-updater.js";
import { StoreFeeder } from "./store-feeder.js";

export interface StatusTopics {
  targets: string;
  cases: string;
  notices: readonly string[];
  responses: readonly string[];
  /** takedown.status.state.v1: compacted status facts. */
  state: string;
}

export interface StatusDeps {
  kafka: Kafka;
  logger: Logger;
  topics: StatusTopics;
  /** SQLite file of the store (its folder is created), or ":memory:". */
  dbPath: string;
  groupId: string;
  instanceId: string;
  port: number;
  host: string;
  /** Process-wide metrics (memory, event loop); off in tests that build several apps. */
  defaultMetrics?: boolean;
  /** How long start() waits for the store to catch up with the state topic. */
  catchUpTimeoutMs?: number;
  /**
   * The updater or the store's reader could not recover within its bound: the process should
   * exit (runService's onFatal). Without it they log ERROR and /readyz says not ready.
   */
  onFatal?: (error: Error) => void;
  /** Recovery bounds of the updater and the store's reader (default: defaultRecoveryPolicy). */
  recovery?: Partial<RecoveryPolicy>;
  /** Runs the eraser (issue 13): retention and S3 deletes of erased requests. */
  eraser?: { s3: S3Client; bucket: string; retentionMs: number; intervalMs: number };
}

export interface StatusApp {
  api: StatusApi;
  eraser: PersonalDataEraser | undefined;
  store: StatusStore;
  feeder: StoreFeeder;
  metrics: StatusMetrics;
  /** Resolves once the API listens and the store holds everything committed before. */
  start(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * The status service: the updater folds the pipeline's topics into facts on the state topic;
 * the feeder copies the facts (and the platforms' answer texts) into the local store; the API
 * answers intake's lookups from the store.
 */
export function buildApp(deps: StatusDeps): StatusApp {
  if (deps.dbPath !== ":memory:") mkdirSync(dirname(deps.dbPath), { recursive: true });
  const log = deps.logger.child({ component: "status", instance: deps.instanceId });
  const metrics = new StatusMetrics({ defaultMetrics: deps.defaultMetrics ?? false });
  const store = new StatusStore(deps.dbPath);
  const feeder = new StoreFeeder({
    kafka: deps.kafka,
    store,
    stateTopic: deps.topics.state,
    responseTopics: deps.topics.responses,
    logger: log,
    onApplied: ({ topic, records }) => metrics.applied.inc({ topic }, records),
    onReaderRestart: () => metrics.readerRestarts.inc(),
    ...(deps.onFatal !== undefined && { onFatal: deps.onFatal }),
    ...(deps.recovery !== undefined && { recovery: deps.recovery }),
  });
  const updater = new StatusUpdater({
    kafka: deps.kafka,
    logger: log,
    sourceTopics: [
      deps.topics.targets,
      deps.topics.cases,
      ...deps.topics.notices,
      ...deps.topics.responses,
    ],
    stateTopic: deps.topics.state,
    groupId: deps.groupId,
    transactionalId: `${deps.groupId}-${deps.instanceId}`,
    supervision: {
      ...(deps.onFatal !== undefined && { onFatal: deps.onFatal }),
      ...(deps.recovery !== undefined && { recovery: deps.recovery }),
    },
    onCommitted: ({ topic, records, facts, skipped }) => {
      metrics.folded.inc({ topic }, records);
      metrics.facts.inc(facts);
      metrics.skipped.inc(skipped);
    },
  });
  const operational = new OperationalEndpoints({
    processors: () => updater.health(),
    kafkaConditions: () => kafkaClientLog(deps.kafka).expectedConditions(),
  });
  const api = new StatusApi({
    store,
    metrics,
    logger: log,
    ready: () => feeder.ready,
    // Lookups need only the store; readiness also a reader that follows and a running updater.
    readiness: () => {
      const updating = assessReadiness(updater.health(), defaultReadinessPolicy);
      const following = feeder.following;
      return {
        ready: feeder.ready && following && updating.ready,
        store: feeder.ready,
        storeReader: following
          ? "following"
          : feeder.failed === undefined
            ? "restarting"
            : "failed",
        processors: updating.processors,
      };
    },
    metricsText: () => operational.metricsText(),
    port: deps.port,
    host: deps.host,
  });
  const eraser =
    deps.eraser === undefined
      ? undefined
      : new PersonalDataEraser({
          erasures: store.erasures,
          storeReady: () => feeder.ready,
          s3: deps.eraser.s3,
          bucket: deps.eraser.bucket,
          writer: new RecordWriter(deps.kafka),
          targetsTopic: deps.topics.targets,
          retentionMs: deps.eraser.retentionMs,
          intervalMs: deps.eraser.intervalMs,
          logger: log.child({ component: "eraser" }),
        });
  // Stopped in reverse order of their start.
  const started: { stop: () => Promise<void> }[] = [];
  const stop = async (): Promise<void> => {
    for (const part of started.reverse()) await part.stop();
    started.length = 0;
    store.close();
  };
  return {
    api,
    eraser,
    store,
    feeder,
    metrics,
    start: async () => {
      try {
        await api.start();
        started.push(api);
        started.push(updater);
        await updater.start();
        started.push(feeder);
        await feeder.start(deps.catchUpTimeoutMs);
        if (eraser !== undefined) {
          started.push(eraser);
          await eraser.start();
        }
      } catch (error) {
        await stop().catch(() => undefined);
        throw error;
      }
      log.info({ api: api.url, topics: deps.topics, dbPath: deps.dbPath }, "status started");
    },
    stop,
  };
}
