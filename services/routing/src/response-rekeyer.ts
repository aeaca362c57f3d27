import { decodeEvent, encodeEvent } from "@takedown/contracts";
import type { Logger } from "@takedown/logger";
import {
  TransactionalProcessor,
  deadLetterRecord,
  type InputBatch,
  type Kafka,
  type OutputRecord,
  type ProcessorHealth,
  type TransactionalProcessorOptions,
} from "@takedown/kafka";
import type { RoutingTopics } from "./routing-context.js";

export interface ResponseRekeyerOptions {
  kafka: Kafka;
  logger: Logger;
  topics: Pick<RoutingTopics, "responses" | "rekeyedResponses" | "dlq">;
  groupId: string;
  transactionalId: string;
  source: string;
  clock: () => Date;
  metadataMaxAgeMs?: number;
  supervision?: Pick<TransactionalProcessorOptions, "onFatal" | "recovery">;
}

/**
 * Copies every platform's responses into routing's own topic, partitioned by our partitioner:
 * a platform's client (librdkafka's CRC32 by default) may put a key on another partition than
 * kafkajs' murmur2, and the join with case state needs them on the case's partition. The
 * decoder checks here that the key is the content key of the case and that the platform
 * answered on its own topic; failures go to the DLQ with the reason.
 */
export class ResponseRekeyer {
  private readonly processor: TransactionalProcessor;
  private readonly log: Logger;

  constructor(private readonly options: ResponseRekeyerOptions) {
    this.log = options.logger.child({ component: "response-rekeyer" });
    this.processor = new TransactionalProcessor({
      kafka: options.kafka,
      logger: options.logger,
      groupId: options.groupId,
      transactionalId: options.transactionalId,
      topics: [options.topics.responses],
      deadLetter: { topic: options.topics.dlq, source: options.source, rejectedBy: "routing" },
      ...options.supervision,
      processBatch: (batch) => ({ records: this.rekey(batch) }),
      // Stateless: the partitions of a fetch share a transaction.
      groupPartitions: true,
      // Platforms answer a few times a minute: a fetch long-polls and returns on the first
      // record, instead of the processor's default of polling every 100 ms for a fuller batch.
      fetchMinBytes: 1,
      fetchMaxWaitMs: 5000,
      ...(options.metadataMaxAgeMs === undefined
        ? {}
        : { metadataMaxAgeMs: options.metadataMaxAgeMs }),
    });
  }

  async start(): Promise<void> {
    await this.processor.start();
  }

  async stop(): Promise<void> {
    await this.processor.stop();
  }

  health(): ProcessorHealth {
    return this.processor.health();
  }

  private rekey(batch: InputBatch): OutputRecord[] {
    const { topics } = this.options;
    return batch.messages.map((message) => {
      const decoded = decodeEvent(message, { topic: batch.topic });
      if (decoded.ok) return { topic: topics.rekeyedResponses, ...encodeEvent(decoded.event) };
      const { reason, message: text } = decoded.rejection;
      this.log.warn({ reason, topic: batch.topic, offset: message.offset }, "response rejected");
      return deadLetterRecord({
        dlqTopic: topics.dlq,
        source: this.options.source,
        rejectedBy: "routing",
        read: { topic: batch.topic, partition: batch.partition, message },
        reason: { code: reason, message: text },
        now: this.options.clock(),
      });
    });
  }
}
