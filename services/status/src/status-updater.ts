import { decodeEvent, parseTopic } from "@takedown/contracts";
import {
  BACKGROUND_FETCH_MAX_WAIT_MS,
  TransactionalProcessor,
  type InputBatch,
  type Kafka,
  type OutputRecord,
  type ProcessedBatch,
  type ProcessorHealth,
  type TransactionalProcessorOptions,
} from "@takedown/kafka";
import type { Logger } from "@takedown/logger";
import { factsOf } from "./event-facts.js";
import { encodeFact } from "./status-fact.js";

export interface StatusUpdaterOptions {
  kafka: Kafka;
  logger: Logger;
  /** Targets, cases, and every platform's notices and responses topics. */
  sourceTopics: readonly string[];
  stateTopic: string;
  groupId: string;
  /** Stable per instance: a restarted instance fences its dead predecessor's transactions. */
  transactionalId: string;
  /** Called after each committed batch (metrics, tests). */
  onCommitted?: (committed: {
    topic: string;
    records: number;
    facts: number;
    skipped: number;
  }) => void;
  maxBytesPerPartition?: number;
  /** onFatal and recovery bounds of the processor. */
  supervision?: Pick<TransactionalProcessorOptions, "onFatal" | "recovery">;
}

/**
 * Folds the pipeline's events into status facts on the compacted state topic, exactly once:
 * each input batch and its facts commit in one transaction with the consumed offsets. The fold
 * needs no state, so nothing is restored on start or rebalance; a restarted updater goes on from
 * its group's committed offsets and never reads the sources from their beginning again.
 */
export class StatusUpdater {
  private processor: TransactionalProcessor | undefined;

  constructor(private readonly options: StatusUpdaterOptions) {}

  async start(): Promise<void> {
    const processor = new TransactionalProcessor({
      kafka: this.options.kafka,
      groupId: this.options.groupId,
      transactionalId: this.options.transactionalId,
      topics: [...this.options.sourceTopics],
      logger: this.options.logger,
      // Facts are a fraction of their events' size; 1 MiB of input stays far below the broker's
      // 1 MiB per partition batch once spread over the state topic.
      maxBytesPerPartition: this.options.maxBytesPerPartition ?? 1024 * 1024,
      fetchMaxWaitMs: BACKGROUND_FETCH_MAX_WAIT_MS,
      processBatch: (batch) => this.process(batch),
      ...this.options.supervision,
    });
    this.processor = processor;
    await processor.start();
  }

  /** The processor's state for /readyz and /metrics (none before start). */
  health(): ProcessorHealth[] {
    return this.processor === undefined ? [] : [this.processor.health()];
  }

  async stop(): Promise<void> {
    await this.processor?.stop();
    this.processor = undefined;
  }

  private process(batch: InputBatch): ProcessedBatch {
    // On the pipeline's own topic names the decoder also refuses events that do not belong
    // there (a platform answering with another platform's id); tests use other names.
    const options = parseTopic(batch.topic) === undefined ? {} : { topic: batch.topic };
    const records: OutputRecord[] = [];
    let skipped = 0;
    for (const message of batch.messages) {
      const decoded = decodeEvent(message, options);
      if (!decoded.ok) {
        // Dedup, routing and audit send such records to the DLQ; a status view only skips them.
        skipped += 1;
        this.options.logger.debug(
          { topic: batch.topic, offset: message.offset, reason: decoded.rejection.reason },
          "record not folded into status",
        );
        continue;
      }
      for (const fact of factsOf(decoded.event))
        records.push({ topic: this.options.stateTopic, ...encodeFact(fact) });
    }
    return {
      records,
      onCommit: () =>
        this.options.onCommitted?.({
          topic: batch.topic,
          records: batch.messages.length,
          facts: records.length,
          skipped,
        }),
    };
  }
}
