import { createEvent, encodeEventHeaders } from "@takedown/contracts";
import type {
  Assignment,
  InputBatch,
  Kafka,
  OutputRecord,
  ProcessedBatch,
  ProcessorHealth,
  TransactionalProcessorOptions,
} from "@takedown/kafka";
import { BACKGROUND_FETCH_MAX_WAIT_MS, TransactionalProcessor } from "@takedown/kafka";
import type { Logger } from "@takedown/logger";
import { buildAuditEntry } from "@takedown/audit-tools";
import type { AuditEntry } from "@takedown/audit-tools";
import type { AuditLogState } from "./audit-log-state.js";
import { restoreAuditLog } from "./audit-log-restorer.js";
import type { RestoredAuditLog } from "./audit-log-restorer.js";
import type { SourceCoverage } from "@takedown/audit-tools";
import { SourceTopicWatcher } from "./source-topic-watcher.js";
import { buildWatermarkEntries } from "@takedown/audit-tools";

export interface AuditAppenderOptions {
  kafka: Kafka;
  logger: Logger;
  /** The single-partition `takedown.audit.log.v1` (a unique topic in tests). */
  logTopic: string;
  /** Pipeline topics to record, e.g. /^takedown\.(targets|cases|…)\.v1$/. */
  sourceTopics: (string | RegExp)[];
  /** The audit service's own tick topic: each tick read appends a watermark entry. */
  tickTopic: string;
  /** After this many source entries without a watermark, `onWatermarkDue` asks for a tick. */
  watermarkEveryEntries: number;
  onWatermarkDue: () => void;
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
 * A fetched batch becomes one produce request to the log's single partition, and an entry with
 * its log record headers weighs 1.3–3× the record it carries: fetches of 1 MiB per partition made
 * log batches past the broker's 1 MiB limit (MESSAGE_TOO_LARGE, retried forever: audit stalled).
 * The broker still returns a whole first record batch larger than this, so producers' batches
 * stay the real bound until the processor splits its output across produce requests.
 */
const FETCH_BYTES_PER_PARTITION = 256 * 1024;

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
 *   below it are skipped: a batch replayed after an ambiguous commit is never logged twice;
 * - a tick read from the tick topic appends a watermark entry, in its own transaction, stating
 *   per source partition the next offset expected: committed with the tick, so it is true.
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
  #assigned: Assignment[] = [];
  #entriesSinceWatermark = 0n;
  #watermarkRequested = false;

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

  /** What the committed log covers of each source partition, once restored. */
  get coverage(): SourceCoverage | undefined {
    return this.#restored?.coverage;
  }

  /** Topics whose records are pipeline records (not the log itself, not the ticks). */
  isSourceTopic(topic: string): boolean {
    return topic !== this.#options.logTopic && topic !== this.#options.tickTopic;
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
      topics: [...options.sourceTopics, options.tickTopic],
      logger: options.logger,
      sessionTimeoutMs: 30_000,
      maxBytesPerPartition: FETCH_BYTES_PER_PARTITION,
      fetchMaxWaitMs: BACKGROUND_FETCH_MAX_WAIT_MS,
      ...options.supervision,
      ...(options.metadataMaxAgeMs === undefined
        ? {}
        : { metadataMaxAgeMs: options.metadataMaxAgeMs }),
      onAssigned: async (assignment) => {
        this.#assigned = assignment;
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
    const { state, coverage } = restored;
    const lastAudited = (coverage.next(batch.topic, batch.partition) ?? 0n) - 1n;
    const fresh = batch.messages.filter((message) => BigInt(message.offset) > lastAudited);
    const lastMessage = fresh.at(-1);
    if (lastMessage === undefined) return { records: [] };

    const firstIndex = state.size;
    const recordedAt = (this.#options.now ?? (() => new Date()))();
    const isTick = batch.topic === this.#options.tickTopic;
    const built = isTick
      ? buildWatermarkEntries({
          watermark: coverage.watermark((topic) => this.isSourceTopic(topic)),
          // Ticks carry nothing but their time: the newest one of the batch stands for all.
          tick: { topic: batch.topic, partition: batch.partition, offset: lastMessage.offset },
          firstIndex,
          recordedAt,
        })
      : fresh.map((message, position) =>
          buildAuditEntry({
            message,
            position: { topic: batch.topic, partition: batch.partition, offset: message.offset },
            index: firstIndex + BigInt(position),
            recordedAt,
            decodeAs: this.#options.pipelineTopicOf?.(batch.topic) ?? batch.topic,
          }),
        );
    const entries = built.map(({ bytes }) => bytes);
    const records = built.map(({ entry, bytes }) => this.#logRecord(entry, bytes, recordedAt));
    const lastOffset = BigInt(lastMessage.offset);
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
        coverage.cover(batch.topic, batch.partition, lastOffset);
        this.#countTowardsWatermark(isTick ? undefined : BigInt(entries.length));
        this.#options.onCommitted(state);
      },
    };
  }

  /** Counts committed source entries (undefined: a watermark was committed). */
  #countTowardsWatermark(sourceEntries: bigint | undefined): void {
    if (sourceEntries === undefined) {
      this.#entriesSinceWatermark = 0n;
      this.#watermarkRequested = false;
      return;
    }
    this.#entriesSinceWatermark += sourceEntries;
    if (
      !this.#watermarkRequested &&
      this.#entriesSinceWatermark >= BigInt(this.#options.watermarkEveryEntries)
    ) {
      this.#watermarkRequested = true;
      this.#options.onWatermarkDue();
    }
  }

  #logRecord(entry: AuditEntry, bytes: Uint8Array, recordedAt: Date): OutputRecord {
    const headers = encodeEventHeaders(
      createEvent("audit.entry", entry, {
        source: EVENT_SOURCE,
        id: `audit-entry-${entry.index}`,
        time: recordedAt,
      }),
    );
    // The value is the leaf itself, so a reader of the topic hashes exactly what it reads; the
    // entry is not validated and serialised again only for headers (6% of audit's CPU).
    return { topic: this.#options.logTopic, key: null, value: Buffer.from(bytes), headers };
  }

  #restore(): Promise<RestoredAuditLog> {
    this.#restoring ??= (async () => {
      try {
        const restored = await restoreAuditLog({
          kafka: this.#options.kafka,
          logTopic: this.#options.logTopic,
          keepEntriesFrom: this.#options.keepEntriesFrom(),
        });
        for (const { topic, partitions } of this.#assigned) {
          if (!this.isSourceTopic(topic)) continue;
          for (const partition of partitions) restored.coverage.include(topic, partition);
        }
        this.#restored = restored;
        this.#awaitingCommit = false;
        this.#entriesSinceWatermark = restored.state.size - restored.lastWatermarkIndex - 1n;
        this.#watermarkRequested = false;
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
