import { BatchingTransactionalProducer, type Kafka, type OutputRecord } from "@takedown/kafka";
import { isTakedownError } from "@takedown/errors";
import type { Logger } from "@takedown/logger";
import { createIntakeError } from "./errors.js";

export interface EventPublisherOptions {
  kafka: Kafka;
  transactionalId: string;
  logger: Logger;
  lingerMs?: number;
  /** An answer that waits longer than this becomes a 503; the client retries with its key. */
  timeoutMs?: number;
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

  takeBatchSizes(): number[] {
    return this.producer.takeBatchSizes();
  }

  /**
   * Resolves after the records are committed. `onLateCommit` runs when a publish that already
   * answered 503 (timeout) commits after all, so the caller can still remember its answer.
   */
  async publish(records: readonly OutputRecord[], onLateCommit?: () => void): Promise<void> {
    if (!this.started)
      throw createIntakeError("INTAKE_KAFKA_UNAVAILABLE", { detail: "not connected" });
    const began = performance.now();
    let timedOut = false;
    let timer: NodeJS.Timeout | undefined;
    const sent = this.producer.send(records).then(() => {
      this.options.onCommitted?.((performance.now() - began) / 1000);
      if (timedOut) onLateCommit?.();
    });
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        timedOut = true;
        reject(createIntakeError("INTAKE_KAFKA_UNAVAILABLE", { detail: "commit timed out" }));
      }, this.options.timeoutMs ?? 15_000);
    });
    try {
      await Promise.race([sent, timeout]);
    } catch (error) {
      sent.catch(() => undefined);
      if (timedOut) throw error;
      // Retrying cannot help a record the producer refuses for its size: not a 503.
      if (isTakedownError(error) && error.code === "KAFKA_RECORD_TOO_LARGE")
        throw createIntakeError("INTAKE_BODY_TOO_LARGE", { detail: error.message, cause: error });
      throw createIntakeError("INTAKE_KAFKA_UNAVAILABLE", { cause: error });
    } finally {
      clearTimeout(timer);
    }
  }
}
