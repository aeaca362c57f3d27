import type { Kafka } from "@takedown/kafka";
import type { Logger } from "@takedown/logger";
import type { NoteSigner } from "@takedown/transparency-log";
import { TILE_WIDTH } from "@takedown/transparency-log";
import { AuditAppender } from "./audit-appender.js";
import { AuditTicker } from "./audit-ticker.js";
import { LogArchiver } from "./log-archiver.js";
import type { S3Archive } from "./s3-archive.js";

export interface AuditServiceOptions {
  kafka: Kafka;
  archive: S3Archive;
  signer: NoteSigner;
  origin: string;
  logger: Logger;
  logTopic: string;
  sourceTopics: (string | RegExp)[];
  /** The service's own tick topic (created if missing); each tick read appends a watermark. */
  tickTopic: string;
  /** A watermark entry at least this often, idle or not… */
  watermarkIntervalMs: number;
  /** …and once this many source entries were appended since the last one. */
  watermarkEveryEntries: number;
  groupId: string;
  transactionalId: string;
  checkpointEveryEntries: number;
  checkpointIntervalMs: number;
  metadataMaxAgeMs?: number;
  topicPollIntervalMs?: number;
  now?: () => Date;
  pipelineTopicOf?: (topic: string) => string;
}

const WIDTH = BigInt(TILE_WIDTH);

/** The appender, the ticker that asks it for watermarks, and the archiver that publishes the log. */
export class AuditService {
  readonly appender: AuditAppender;
  readonly archiver: LogArchiver;
  readonly ticker: AuditTicker;

  constructor(options: AuditServiceOptions) {
    this.ticker = new AuditTicker({
      kafka: options.kafka,
      logger: options.logger,
      topic: options.tickTopic,
      intervalMs: options.watermarkIntervalMs,
      ...(options.now === undefined ? {} : { now: options.now }),
    });
    this.archiver = new LogArchiver({
      archive: options.archive,
      signer: options.signer,
      origin: options.origin,
      logger: options.logger,
      checkpointEveryEntries: options.checkpointEveryEntries,
      checkpointIntervalMs: options.checkpointIntervalMs,
      snapshot: () => this.appender.state?.snapshot(),
      onPublished: (size) => this.appender.state?.releaseEntriesBefore(size),
    });
    this.appender = new AuditAppender({
      kafka: options.kafka,
      logger: options.logger,
      logTopic: options.logTopic,
      sourceTopics: options.sourceTopics,
      tickTopic: options.tickTopic,
      watermarkEveryEntries: options.watermarkEveryEntries,
      onWatermarkDue: () => this.ticker.requestTick(),
      groupId: options.groupId,
      transactionalId: options.transactionalId,
      // The archive's last partial bundle is rewritten whole when it grows.
      keepEntriesFrom: () => (this.archiver.publishedSize / WIDTH) * WIDTH,
      onCommitted: (state) => this.archiver.notifyCommitted(state.size),
      ...(options.metadataMaxAgeMs === undefined
        ? {}
        : { metadataMaxAgeMs: options.metadataMaxAgeMs }),
      ...(options.now === undefined ? {} : { now: options.now }),
      ...(options.topicPollIntervalMs === undefined
        ? {}
        : { topicPollIntervalMs: options.topicPollIntervalMs }),
      ...(options.pipelineTopicOf === undefined
        ? {}
        : { pipelineTopicOf: options.pipelineTopicOf }),
    });
  }

  async start(): Promise<void> {
    await this.archiver.start();
    // The tick topic must exist before the appender subscribes to it.
    await this.ticker.start();
    await this.appender.start();
  }

  async stop(): Promise<void> {
    await this.appender.stop();
    await this.ticker.stop();
    // A last checkpoint, so what was committed before shutdown is published now, not at restart.
    this.archiver.requestCheckpoint();
    await this.archiver.idle();
    await this.archiver.stop();
  }
}
