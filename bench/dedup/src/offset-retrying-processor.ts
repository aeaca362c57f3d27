import type { Consumer, InputBatch, Kafka, ProcessedBatch, Producer } from "@takedown/kafka";
import { toTopicMessages } from "@takedown/kafka";

export interface OffsetRetryingProcessorOptions {
  kafka: Kafka;
  groupId: string;
  transactionalId: string;
  topics: string[];
  maxBytesPerPartition: number;
  processBatch: (batch: InputBatch) => ProcessedBatch;
}

const backoffMs = 10;
const attempts = 100;

/**
 * A what-if for the lead, not used by the service: TransactionalProcessor's loop with one
 * change. kafkajs retries CONCURRENT_TRANSACTIONS on AddPartitionsToTxn but not on
 * AddOffsetsToTxn (kafkajs#430), so a transaction holding only offsets, started while the
 * broker still writes the previous commit's markers, fails and the whole batch is retried,
 * until the consumer crashes and restarts. Here sendOffsets is retried after a short pause.
 */
export class OffsetRetryingProcessor {
  private consumer: Consumer | undefined;
  private producer: Producer | undefined;

  constructor(private readonly options: OffsetRetryingProcessorOptions) {}

  async start(): Promise<void> {
    const { kafka, groupId } = this.options;
    const producer = kafka.producer({
      transactionalId: this.options.transactionalId,
      idempotent: true,
      maxInFlightRequests: 1,
    });
    await producer.connect();
    this.producer = producer;
    const consumer = kafka.consumer({
      groupId,
      readUncommitted: false,
      sessionTimeout: 10_000,
      heartbeatInterval: 1000,
      maxBytesPerPartition: this.options.maxBytesPerPartition,
    });
    this.consumer = consumer;
    await consumer.connect();
    await consumer.subscribe({ topics: this.options.topics, fromBeginning: true });
    await consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      eachBatch: async (payload) => {
        const { batch } = payload;
        if (!payload.isRunning() || payload.isStale() || batch.messages.length === 0) return;
        const last = batch.messages[batch.messages.length - 1]!.offset;
        const processed = this.options.processBatch(batch);
        const transaction = await producer.transaction();
        try {
          if (processed.records.length > 0)
            await transaction.sendBatch({
              topicMessages: toTopicMessages(processed.records),
              acks: -1,
            });
          const offsets = {
            consumerGroupId: groupId,
            topics: [
              {
                topic: batch.topic,
                partitions: [
                  { partition: batch.partition, offset: (BigInt(last) + 1n).toString() },
                ],
              },
            ],
          };
          for (let attempt = 1; ; attempt++) {
            try {
              await transaction.sendOffsets(offsets);
              break;
            } catch (error) {
              const type = (error as { type?: string }).type;
              if (type !== "CONCURRENT_TRANSACTIONS" || attempt >= attempts) throw error;
              await new Promise((resolve) => setTimeout(resolve, backoffMs));
            }
          }
          await transaction.commit();
        } catch (error) {
          await transaction.abort().catch(() => undefined);
          throw error;
        }
        processed.onCommit?.();
        payload.resolveOffset(last);
        await payload.heartbeat();
      },
    });
  }

  async stop(): Promise<void> {
    await this.consumer?.disconnect();
    await this.producer?.disconnect();
  }
}
