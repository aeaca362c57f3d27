import type { Consumer, Kafka, KafkaMessage, Producer } from "kafkajs";
import type { Logger } from "pino";
import { toTopicMessages, type OutputRecord } from "./output-record.js";
import { CoPartitionedAssigner } from "./co-partitioned-assigner.js";

/** Kafka error code 51. */
const CONCURRENT_TRANSACTIONS = 51;

export interface InputBatch {
  topic: string;
  partition: number;
  messages: KafkaMessage[];
}

export interface ProcessedBatch {
  records: OutputRecord[];
  /** Runs only after the transaction commits: the place to make staged state visible. */
  onCommit?: () => void;
}

export interface Assignment {
  topic: string;
  partitions: number[];
}

export interface TransactionalProcessorOptions {
  kafka: Kafka;
  groupId: string;
  /** Stable per instance: a restarted instance with the same id fences its dead predecessor. */
  transactionalId: string;
  topics: (string | RegExp)[];
  logger: Logger;
  processBatch: (batch: InputBatch) => Promise<ProcessedBatch> | ProcessedBatch;
  /** Called after every rebalance, before the first batch of the new assignment is processed. */
  onAssigned?: (assignment: Assignment[]) => Promise<void>;
  sessionTimeoutMs?: number;
  maxBytesPerPartition?: number;
  /** How often subscribed patterns are re-checked for new topics. */
  metadataMaxAgeMs?: number;
}

/**
 * Consume → transform → produce, exactly once: each fetched batch becomes one transaction holding
 * its output records and the consumed offsets (sendOffsets), so a crash anywhere replays the
 * batch and its output is never seen twice by read_committed readers. One transaction per batch,
 * never per message: the transactional producer allows one request in flight.
 */
export class TransactionalProcessor {
  private consumer: Consumer | undefined;
  private producer: Producer | undefined;
  /** Settles when the latest assignment's onAssigned has succeeded (retried until it does). */
  private assignmentReady: Promise<void> = Promise.resolve();
  /** Bumped by every assignment and by stop(), so a superseded set-up stops retrying. */
  private generation = 0;
  private readonly log: Logger;

  constructor(private readonly options: TransactionalProcessorOptions) {
    this.log = options.logger.child({
      component: "transactional-processor",
      groupId: options.groupId,
    });
  }

  async start(): Promise<void> {
    const { kafka, groupId } = this.options;
    const producer = kafka.producer({
      transactionalId: this.options.transactionalId,
      idempotent: true,
      maxInFlightRequests: 1,
    });
    // Connecting initialises the producer id, which aborts any transaction a dead predecessor
    // left open; the state restore that follows then reads only committed records.
    await producer.connect();
    this.producer = producer;
    const consumer = kafka.consumer({
      groupId,
      readUncommitted: false,
      partitionAssigners: [CoPartitionedAssigner],
      sessionTimeout: this.options.sessionTimeoutMs ?? 10_000,
      heartbeatInterval: 1000,
      maxBytesPerPartition: this.options.maxBytesPerPartition ?? 1024 * 1024,
      metadataMaxAge: this.options.metadataMaxAgeMs ?? 30_000,
    });
    this.consumer = consumer;
    consumer.on(consumer.events.GROUP_JOIN, (event) => {
      const assignment = Object.entries(event.payload.memberAssignment).map(
        ([topic, partitions]) => ({
          topic,
          partitions: [...partitions],
        }),
      );
      this.log.info({ assignment }, "partitions assigned");
      this.setUpAssignment(assignment);
    });
    await consumer.connect();
    await consumer.subscribe({ topics: this.options.topics, fromBeginning: true });
    await consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      eachBatch: async (payload) => {
        const { batch } = payload;
        await this.assignmentReady;
        if (!payload.isRunning() || payload.isStale() || batch.messages.length === 0) return;
        const last = batch.messages[batch.messages.length - 1]!.offset;
        const processed = await this.options.processBatch({
          topic: batch.topic,
          partition: batch.partition,
          messages: batch.messages,
        });
        await this.commit(processed.records, {
          topic: batch.topic,
          partition: batch.partition,
          offset: last,
        });
        processed.onCommit?.();
        payload.resolveOffset(last);
        await payload.heartbeat();
      },
    });
  }

  /**
   * Starts onAssigned for a new assignment at once (routing's deadlines must be restored even if
   * no record arrives). A failure (a restore meeting a broker hiccup) is retried with backoff
   * until it succeeds or a newer assignment supersedes it; batches wait for it meanwhile.
   */
  private setUpAssignment(assignment: Assignment[]): void {
    const onAssigned = this.options.onAssigned;
    const generation = ++this.generation;
    if (onAssigned === undefined) return;
    const attempt = (delayMs: number): Promise<void> =>
      onAssigned(assignment).catch(async (error: unknown) => {
        if (generation !== this.generation) throw error;
        this.log.warn({ err: error, retryInMs: delayMs }, "assignment set-up failed; retrying");
        await new Promise((resolve) => setTimeout(resolve, delayMs).unref());
        if (generation !== this.generation) throw error;
        return attempt(Math.min(delayMs * 2, 30_000));
      });
    this.assignmentReady = attempt(200);
    // Batches await it; a superseded set-up's rejection needs no other handler.
    this.assignmentReady.catch(() => undefined);
  }

  private async commit(
    records: readonly OutputRecord[],
    consumed: { topic: string; partition: number; offset: string },
  ): Promise<void> {
    const producer = this.producer;
    if (producer === undefined) throw new Error("processor is not started");
    const transaction = await producer.transaction();
    try {
      if (records.length > 0)
        await transaction.sendBatch({ topicMessages: toTopicMessages(records), acks: -1 });
      const offsets = {
        consumerGroupId: this.options.groupId,
        topics: [
          {
            topic: consumed.topic,
            partitions: [
              { partition: consumed.partition, offset: (BigInt(consumed.offset) + 1n).toString() },
            ],
          },
        ],
      };
      // Right after the previous commit the coordinator may still be writing its markers and
      // answers CONCURRENT_TRANSACTIONS; the Java client retries that, kafkajs does not.
      for (let attempt = 0; ; attempt += 1) {
        try {
          await transaction.sendOffsets(offsets);
          break;
        } catch (error) {
          const code = (error as { code?: number }).code;
          if (attempt >= 20 || code !== CONCURRENT_TRANSACTIONS) throw error;
          await new Promise((resolve) => setTimeout(resolve, 10 * (attempt + 1)));
        }
      }
      await transaction.commit();
    } catch (error) {
      this.log.warn(
        { err: error, ...consumed },
        "transaction failed; the batch will be read again",
      );
      await transaction.abort().catch(() => undefined);
      throw error;
    }
  }

  async stop(): Promise<void> {
    this.generation += 1;
    await this.consumer?.disconnect();
    await this.producer?.disconnect();
    this.consumer = undefined;
    this.producer = undefined;
  }
}
