import { createEvent, encodeEvent } from "@takedown/contracts";
import type {
  InputBatch,
  Kafka,
  OutputRecord,
  ProcessedBatch,
  ProcessorHealth,
  TransactionalProcessorOptions,
} from "@takedown/kafka";
import { TransactionalProcessor } from "@takedown/kafka";
import type { Logger } from "@takedown/logger";
import { buildAuditEntry } from "./audit-entry.js";
import type { AuditLogState } from "./audit-log-state.js";
import { restoreAuditLog, sourcePartitionKey } from "./audit-log-restorer.js";
import type { RestoredAuditLog } from "./audit-log-restorer.js";
import { SourceTopicWatcher } from "./source-topic-watcher.js";

export interface AuditAppenderOptions {
  kafka: Kafka;
  logger: Logger;
  /** The single-partition `takedown.audit.log.v1` (a unique topic in tests). */
  logTopic: string;
  /** Pipeline topics to record, e.g. /^takedown\.(targets|cases|…)\.v1$/. */
  sourceTopics: (string | RegExp)[];
  /** One member only: a second instance with the same transactional id fences the first. */
  groupId: string;
  transactionalId: string;
  /** Entries from this index on are kept for the archiver (the start of its next bundle). */
  keepEntriesFrom: () => bigint;
  /** Called after each commit with the log as it now stands. */
  onCommitted: (state: AuditLogState) => void;
  metadataMaxAgeMs?: number;
  now?: () => Date;
  /** How often new topics matching `sourceTopics` are looked for (default 5 s). */
  topicPollIntervalMs?: number;
  /** Maps a consumed topic to the SPEC topic whose events it carries (tests use unique names). */
  pipelineTopicOf?: (topic: string) => string;
  /** DLQ, onFatal and recovery bounds of the processor. */
  supervision?: Pick<TransactionalProcessorOptions, "deadLetter" | "onFatal" | "recovery">;
}

const EVENT_SOURCE = "/takedown/audit";

/**
 * Appends every record of the pipeline topics to the audit log, exactly once, with consecutive
 * indexes. Each consumed batch becomes one transaction holding its entries and its consumed
 * offsets, and the tree only learns the entries once that transaction has committed.
 *
 * Design (the log has one partition and a global index; the input has many partitions):
 * - before the first batch of every assignment, and after any batch whose commit was not
 *   confirmed, the tree is rebuilt from the committed log, after this instance's producer took
 *   its epoch; a fenced predecessor can no longer commit, so the rebuilt size is final;
 * - the rebuild also yields the last offset audited per source partition, and records at or
 *   below it are skipped: a batch replayed after an ambiguous commit is never logged twice.
 */
export class AuditAppender {
  readonly #options: AuditAppenderOptions;
  readonly #log: Logger;
  #processor: TransactionalProcessor;
  /** Resolves once the current processor has joined its group. */
  #joined: Promise<void> = Promise.resolve();
  #markJoined: () => void = () => undefined;
  readonly #topicWatcher: SourceTopicWatcher;
  #restored: RestoredAuditLog | undefined;
  #restoring: Promise<RestoredAuditLog> | undefined;
  #awaitingCommit = false;

  constructor(options: AuditAppenderOptions) {
    this.#options = options;
    this.#log = options.logger.child({ component: "audit-appender" });
    this.#processor = this.#newProcessor();
    this.#topicWatcher = new SourceTopicWatcher({
      kafka: options.kafka,
      patterns: options.sourceTopics,
      intervalMs: options.topicPollIntervalMs ?? 5000,
      logger: this.#log,
      // Re-subscribing restarts the consumer; the next assignment re-reads the log first.
      onNewTopics: async () => {
        // A kafkajs consumer stopped while still joining lingers in the group as a second member.
        await this.#joined;
        await this.#processor.stop();
        this.#processor = this.#newProcessor();
        await this.#processor.start();
      },
    });
  }

  /** The committed log, once restored. */
  get state(): AuditLogState | undefined {
    return this.#restored?.state;
  }

  async start(): Promise<void> {
    await this.#topicWatcher.prime();
    await this.#processor.start();
    this.#topicWatcher.start();
  }

  async stop(): Promise<void> {
    await this.#topicWatcher.stop();
    await this.#processor.stop();
  }

  health(): ProcessorHealth[] {
    return [this.#processor.health()];
  }

  #newProcessor(): TransactionalProcessor {
    const options = this.#options;
    this.#joined = new Promise((resolve) => (this.#markJoined = resolve));
    return new TransactionalProcessor({
      kafka: options.kafka,
      groupId: options.groupId,
      transactionalId: options.transactionalId,
      topics: options.sourceTopics,
      logger: options.logger,
      sessionTimeoutMs: 30_000,
      ...options.supervision,
      ...(options.metadataMaxAgeMs === undefined
        ? {}
        : { metadataMaxAgeMs: options.metadataMaxAgeMs }),
      onAssigned: async () => {
        this.#markJoined();
        await this.#restore();
      },
      processBatch: (batch) => this.#processBatch(batch),
    });
  }

  async #processBatch(batch: InputBatch): Promise<ProcessedBatch> {
    if (batch.topic === this.#options.logTopic) return { records: [] };
    // A batch that starts while the previous one never reached onCommit follows a failed or
    // ambiguous commit: only the log itself knows what was appended.
    const restored =
      this.#awaitingCommit || this.#restored === undefined ? await this.#restore() : this.#restored;
    const { state, lastAuditedOffsets } = restored;
    const sourceKey = sourcePartitionKey(batch.topic, batch.partition);
    const lastAudited = lastAuditedOffsets.get(sourceKey) ?? -1n;
    const fresh = batch.messages.filter((message) => BigInt(message.offset) > lastAudited);
    if (fresh.length === 0) return { records: [] };

    const firstIndex = state.size;
    const recordedAt = (this.#options.now ?? (() => new Date()))();
    const entries: Uint8Array[] = [];
    const records: OutputRecord[] = fresh.map((message, position) => {
      const index = firstIndex + BigInt(position);
      const { entry, bytes } = buildAuditEntry({
        message,
        position: { topic: batch.topic, partition: batch.partition, offset: message.offset },
        index,
        recordedAt,
        decodeAs: this.#options.pipelineTopicOf?.(batch.topic) ?? batch.topic,
      });
      entries.push(bytes);
      const encoded = encodeEvent(
        createEvent("audit.entry", entry, {
          source: EVENT_SOURCE,
          id: `audit-entry-${index}`,
          time: recordedAt,
        }),
      );
      // The value is the leaf itself, so a reader of the topic hashes exactly what it reads.
      return {
        topic: this.#options.logTopic,
        key: null,
        value: Buffer.from(bytes),
        headers: encoded.headers,
      };
    });
    const lastOffset = BigInt((fresh.at(-1) as { offset: string }).offset);
    this.#awaitingCommit = true;
    return {
      records,
      // Dropped with nothing of it visible: the log is as restored.
      onDiscard: () => (this.#awaitingCommit = false),
      onCommit: () => {
        this.#awaitingCommit = false;
        if (this.#restored !== restored) {
          // The log was re-read while this batch was in flight; read it again before the next.
          this.#awaitingCommit = true;
          return;
        }
        state.apply(firstIndex, entries);
        lastAuditedOffsets.set(sourceKey, lastOffset);
        this.#options.onCommitted(state);
      },
    };
  }

  #restore(): Promise<RestoredAuditLog> {
    this.#restoring ??= (async () => {
      try {
        const restored = await restoreAuditLog({
          kafka: this.#options.kafka,
          logTopic: this.#options.logTopic,
          keepEntriesFrom: this.#options.keepEntriesFrom(),
        });
        this.#restored = restored;
        this.#awaitingCommit = false;
        this.#log.info({ size: restored.state.size.toString() }, "audit log restored");
        this.#options.onCommitted(restored.state);
        return restored;
      } finally {
        this.#restoring = undefined;
      }
    })();
    return this.#restoring;
  }
}
