import type { BareKafka as Kafka } from "@takedown/kafka/bare-client";

// The baseline is the bare client on purpose, so it takes the client's own types.
type Consumer = ReturnType<Kafka["consumer"]>;
type Producer = ReturnType<Kafka["producer"]>;

export interface TransactionalRelayOptions {
  kafka: Kafka;
  groupId: string;
  transactionalId: string;
  input: string;
  output: string;
  maxBytesPerPartition: number;
  onBatchCommitted: (records: number) => void;
}

/**
 * The baseline: kafkajs consume → produce with nothing in between, one transaction per fetched
 * batch holding the copied records and the consumed offsets, configured like the
 * TransactionalProcessor the services run on. Whatever a service costs on top shows in the ratio.
 */
export class TransactionalRelay {
  private consumer: Consumer | undefined;
  private producer: Producer | undefined;

  constructor(private readonly options: TransactionalRelayOptions) {}

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
    await consumer.subscribe({ topics: [this.options.input], fromBeginning: true });
    await consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      eachBatch: async (payload) => {
        const { batch } = payload;
        if (!payload.isRunning() || payload.isStale() || batch.messages.length === 0) return;
        const last = batch.messages[batch.messages.length - 1]!.offset;
        const transaction = await producer.transaction();
        try {
          await transaction.sendBatch({
            topicMessages: [
              {
                topic: this.options.output,
                messages: batch.messages.map((m) => ({
                  key: m.key,
                  value: m.value,
                  headers: m.headers ?? {},
                })),
              },
            ],
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
          // As in TransactionalProcessor: the coordinator may still be writing the previous
          // commit's markers (CONCURRENT_TRANSACTIONS, code 51), which kafkajs does not retry.
          for (let attempt = 0; ; attempt += 1) {
            try {
              await transaction.sendOffsets(offsets);
              break;
            } catch (error) {
              if (attempt >= 20 || (error as { code?: number }).code !== 51) throw error;
              await new Promise((resolve) => setTimeout(resolve, 10 * (attempt + 1)));
            }
          }
          await transaction.commit();
        } catch (error) {
          await transaction.abort().catch(() => undefined);
          throw error;
        }
        this.options.onBatchCommitted(batch.messages.length);
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
