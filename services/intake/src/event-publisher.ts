import { BatchingTransactionalProducer, type Kafka, type OutputRecord } from "@takedown/kafka";
import { isTakedownError } from "@takedown/errors";
import type { Logger } from "@takedown/logger";
import { createIntakeError } from "./errors.js";

export interface EventPublisherOptions {
  kafka: Kafka;
  transactionalId: string;
  logger: Logger;
  lingerMs?: number;
  onCommitted?: (seconds: number) => void;
}

/**
 * Publishes each request's records atomically through the batching transactional producer, so
 * concurrent HTTP requests share transactions and each answer waits for its own commit.
 */
export class EventPublisher {
  private readonly producer: BatchingTransactionalProducer;
  private started = false;

  constructor(private readonly options: EventPublisherOptions) {
    this.producer = new BatchingTransactionalProducer({
      kafka: options.kafka,
      transactionalId: options.transactionalId,
      logger: options.logger,
      lingerMs: options.lingerMs ?? 2,
    });
  }

  get ready(): boolean {
    return this.started;
  }

  async start(): Promise<void> {
    await this.producer.start();
    this.started = true;
  }

  async stop(): Promise<void> {
    this.started = false;
    await this.producer.stop();
  }

  /**
   * Ends every transaction whose commit was left unconfirmed (see BatchingTransactionalProducer),
   * so what the topics hold afterwards tells whether it committed.
   */
  async settle(): Promise<void> {
    if (!this.started)
      throw createIntakeError("INTAKE_KAFKA_UNAVAILABLE", { detail: "not connected" });
    try {
      await this.producer.settle();
    } catch (error) {
      throw createIntakeError("INTAKE_KAFKA_UNAVAILABLE", { cause: error });
    }
  }

  takeBatchSizes(): number[] {
    return this.producer.takeBatchSizes();
  }

  /**
   * Resolves after the records are committed, never sooner; `onCommit` runs at the commit, before
   * anyone awaiting this hears of it. There is no timeout here: a caller that stops waiting (its
   * deadline) still learns of a late commit through `onCommit`.
   */
  async publish(records: readonly OutputRecord[], onCommit: () => void): Promise<void> {
    if (!this.started)
      throw createIntakeError("INTAKE_KAFKA_UNAVAILABLE", { detail: "not connected" });
    const began = performance.now();
    try {
      await this.producer.send(records);
    } catch (error) {
      // Retrying cannot help a record the producer refuses for its size: not a 503.
      if (isTakedownError(error) && error.code === "KAFKA_RECORD_TOO_LARGE")
        throw createIntakeError("INTAKE_BODY_TOO_LARGE", { detail: error.message, cause: error });
      if (isTakedownError(error) && error.code === "KAFKA_COMMIT_UNCERTAIN")
        throw createIntakeError("INTAKE_COMMIT_UNCERTAIN", { cause: error });
      throw createIntakeError("INTAKE_KAFKA_UNAVAILABLE", { cause: error });
    }
    this.options.onCommitted?.((performance.now() - began) / 1000);
    onCommit();
  }
}
