import {
  TransactionalProcessor,
  restoreChangelog,
  type Assignment,
  type InputBatch,
  type Kafka,
  type ProcessedBatch,
  type ProcessorHealth,
  type RecoveryPolicy,
  withTopicAdmin,
} from "@takedown/kafka";
import type { Logger } from "pino";
import { DEDUP_SOURCE } from "./case-deduplicator.js";
import { CaseStore } from "./case-store.js";
import { decodeChangelogValue } from "./changelog-value.js";
import { DedupBatchProcessor } from "./dedup-batch-processor.js";
import { defaultDedupTopics, type DedupTopics } from "./dedup-topics.js";
import { createDedupError } from "./errors.js";

export interface DedupServiceOptions {
  kafka: Kafka;
  logger: Logger;
  /** Stable per instance (a restart reuses it, fencing the dead predecessor's transactions). */
  instanceId: string;
  groupId?: string;
  topics?: Partial<DedupTopics>;
  /** Called after each committed batch; benches and metrics count with it. */
  onBatchCommitted?: (batch: BatchCommitted) => void;
  restoreTimeoutMs?: number;
  /** Input fetched per partition and batch; see DEFAULT_MAX_BATCH_BYTES. */
  maxBytesPerPartition?: number;
  /** Called once if the processor cannot recover within `recovery`; main.ts exits non-zero. */
  onFatal?: (error: Error) => void;
  recovery?: Partial<RecoveryPolicy>;
}

/**
 * Input fetched per partition and batch. The processor cuts any batch's output into produce
 * requests under the broker's limit, so this no longer guards max.message.bytes; it bounds the
 * work one transaction holds and a replay repeats (a case event is its target plus a few hundred
 * bytes, and the changelog adds a record per content key). 256 KiB measured well in bench/dedup.
 */
export const DEFAULT_MAX_BATCH_BYTES = 256 * 1024;

export interface BatchCommitted {
  topic: string;
  partition: number;
  records: number;
  /** Offset of the batch's last record. */
  lastOffset: string;
  events: number;
  rejected: number;
}

/**
 * Dedup: targets and routing's case states in, case membership events out, exactly once. One
 * transactional processor reads both co-partitioned topics; partition p of the state changelog
 * holds the cases of partition p, restored when p is assigned.
 */
export class DedupService {
  readonly store = new CaseStore();
  readonly topics: DedupTopics;
  private readonly groupId: string;
  private readonly log: Logger;
  private processor: TransactionalProcessor | undefined;
  private batchProcessor: DedupBatchProcessor | undefined;
  private assignmentError: Error | undefined;
  private assignments: Promise<void> = Promise.resolve();
  /** Partitions whose last batch never reached its commit: their state must be read again. */
  private readonly unsettled = new Set<number>();

  constructor(private readonly options: DedupServiceOptions) {
    this.topics = { ...defaultDedupTopics, ...options.topics };
    this.groupId = options.groupId ?? "takedown-dedup";
    this.log = options.logger.child({ component: "dedup", instance: options.instanceId });
  }

  async start(): Promise<void> {
    const partitionCount = await this.sharedPartitionCount();
    this.batchProcessor = new DedupBatchProcessor({
      store: this.store,
      topics: this.topics,
      partitionCount,
      logger: this.log,
    });
    this.processor = new TransactionalProcessor({
      kafka: this.options.kafka,
      groupId: this.groupId,
      transactionalId: `${this.groupId}-${this.options.instanceId}`,
      topics: [this.topics.targets, this.topics.cases],
      logger: this.log,
      maxBytesPerPartition: this.options.maxBytesPerPartition ?? DEFAULT_MAX_BATCH_BYTES,
      deadLetter: { topic: this.topics.dlq, source: DEDUP_SOURCE, rejectedBy: "dedup" },
      ...(this.options.onFatal === undefined ? {} : { onFatal: this.options.onFatal }),
      ...(this.options.recovery === undefined ? {} : { recovery: this.options.recovery }),
      processBatch: (batch) => this.processBatch(batch),
      // State is staged per partition number, so the partitions of a fetch share a transaction.
      groupPartitions: true,
      // Rebalances can follow each other faster than a restore: apply them one after another.
      onAssigned: (assignment) =>
        (this.assignments = this.assignments
          .catch(() => undefined)
          .then(() => this.assign(assignment))),
    });
    await this.processor.start();
    this.log.info({ topics: this.topics, partitionCount }, "dedup started");
  }

  async stop(): Promise<void> {
    await this.processor?.stop();
  }

  /** The processor's health for /readyz and /metrics (none before start). */
  health(): ProcessorHealth[] {
    return this.processor === undefined ? [] : [this.processor.health()];
  }

  private async processBatch(batch: InputBatch): Promise<ProcessedBatch> {
    if (this.assignmentError !== undefined) throw this.assignmentError;
    const processor = this.batchProcessor;
    if (processor === undefined) throw new Error("dedup is not started");
    // A transaction that failed may or may not have reached the broker: the changelog knows.
    if (this.unsettled.has(batch.partition) || !this.store.holds(batch.partition))
      await this.restore([batch.partition]);
    this.unsettled.add(batch.partition);
    const processed = processor.process(batch);
    return {
      records: processed.records,
      // Dropped with nothing of it visible: the state is as committed.
      onDiscard: () => this.unsettled.delete(batch.partition),
      onCommit: () => {
        processed.onCommit?.();
        this.unsettled.delete(batch.partition);
        this.options.onBatchCommitted?.({
          topic: batch.topic,
          partition: batch.partition,
          records: batch.messages.length,
          lastOffset: batch.messages[batch.messages.length - 1]?.offset ?? "-1",
          events: processed.events,
          rejected: processed.rejected,
        });
      },
    };
  }

  private async assign(assignment: Assignment[]): Promise<void> {
    const partitionsOf = (topic: string) =>
      new Set(assignment.find((a) => a.topic === topic)?.partitions ?? []);
    const targets = partitionsOf(this.topics.targets);
    const cases = partitionsOf(this.topics.cases);
    const same = targets.size === cases.size && [...targets].every((p) => cases.has(p));
    if (!same) {
      // kafkajs' round-robin assigner keeps topics aligned only when the partition count is a
      // multiple of the instance count; refusing beats splitting one case's state in two.
      this.assignmentError = createDedupError("DEDUP_ASSIGNMENT_NOT_CO_PARTITIONED", {
        detail: `targets [${[...targets].join(",")}], cases [${[...cases].join(",")}]`,
      });
      this.log.error({ err: this.assignmentError }, "refusing a split assignment");
      return;
    }
    this.assignmentError = undefined;
    for (const partition of this.store.heldPartitions())
      if (!targets.has(partition)) this.store.dropPartition(partition);
    await this.restore([...targets].filter((p) => !this.store.holds(p)));
  }

  private async restore(partitions: number[]): Promise<void> {
    if (partitions.length === 0) return;
    const started = Date.now();
    for (const partition of partitions) this.store.resetPartition(partition);
    let records: number;
    try {
      ({ records } = await restoreChangelog({
        kafka: this.options.kafka,
        topic: this.topics.state,
        partitions,
        timeoutMs: this.options.restoreTimeoutMs ?? 120_000,
        onRecord: ({ partition, message }) => {
          const contentKey = message.key?.toString("utf8") ?? "";
          // A tombstone (an operator's deletion) forgets the key.
          if (message.value === null) this.store.remove(partition, contentKey);
          else
            this.store.write(
              partition,
              contentKey,
              decodeChangelogValue(contentKey, message.value),
            );
        },
      }));
    } catch (error) {
      // Half-restored state must never be used: the next batch of these partitions restores again.
      for (const partition of partitions) this.store.dropPartition(partition);
      throw error;
    }
    for (const partition of partitions) this.unsettled.delete(partition);
    this.log.info(
      { partitions, records, cases: this.store.size, ms: Date.now() - started },
      "case state restored",
    );
  }

  private async sharedPartitionCount(): Promise<number> {
    const names = [this.topics.targets, this.topics.cases, this.topics.state];
    const byTopic = await withTopicAdmin(this.options.kafka, (admin) =>
      admin.partitionCounts(names).catch((error: unknown) => {
        throw createDedupError("DEDUP_NOT_CO_PARTITIONED", {
          detail: `cannot read metadata of ${names.join(", ")}`,
          cause: error,
        });
      }),
    );
    const counts = names.map((name) => byTopic.get(name) ?? 0);
    const first = counts[0] ?? 0;
    if (first === 0 || counts.some((count) => count !== first)) {
      throw createDedupError("DEDUP_NOT_CO_PARTITIONED", {
        detail: names.map((name, i) => `${name}: ${counts[i]}`).join(", "),
      });
    }
    return first;
  }
}
