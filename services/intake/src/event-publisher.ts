import { BatchingTransactionalProducer, type Kafka, type OutputRecord } from "@takedown/kafka";
import type { Logger } from "@takedown/logger";
import { createIntakeError } from "./errors.js";

export interface EventPublisherOptions {
  kafka: Kafka;
  transactionalId: string;
  logger: Logger;
  lingerMs?: number;
  /**
   * Transactional producers working side by side (ids `<transactionalId>-<n>`). One producer
   * commits one transaction at a time, so its commit round trips cap throughput; several let
   * transactions overlap. Order between concurrent requests is not promised anyway, and a
   * request's own records always share one transaction. Default 1: on the local one-node broker
   * 4 producers measured slower (smaller transactions, same commit cost).
   */
  producers?: number;
  /** An answer that waits longer than this becomes a 503; the client retries with its key. */
  timeoutMs?: number;
  onCommitted?: (seconds: number) => void;
}

/**
 * Publishes each request's records atomically through the batching transactional producer, so
 * concurrent HTTP requests share transactions and each answer waits for its own commit.
 */
export class EventPublisher {
  private readonly producers: BatchingTransactionalProducer[];
  private next = 0;
  private started = false;

  constructor(private readonly options: EventPublisherOptions) {
    this.producers = Array.from(
      { length: options.producers ?? 1 },
      (_, n) =>
        new BatchingTransactionalProducer({
          kafka: options.kafka,
          transactionalId: `${options.transactionalId}-${n}`,
          logger: options.logger,
          lingerMs: options.lingerMs ?? 2,
        }),
    );
  }

  get ready(): boolean {
    return this.started;
  }

  async start(): Promise<void> {
    await Promise.all(this.producers.map((p) => p.start()));
    this.started = true;
  }

  async stop(): Promise<void> {
    this.started = false;
    await Promise.all(this.producers.map((p) => p.stop()));
  }

  takeBatchSizes(): number[] {
    return this.producers.flatMap((p) => p.takeBatchSizes());
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
    const producer = this.producers[this.next++ % this.producers.length];
    if (producer === undefined) throw new Error("no producer");
    const sent = producer.send(records).then(() => {
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
      throw createIntakeError("INTAKE_KAFKA_UNAVAILABLE", { cause: error });
    } finally {
      clearTimeout(timer);
    }
  }
}
