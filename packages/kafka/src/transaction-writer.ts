import type { Producer } from "kafkajs";
import { createKafkaError } from "./errors.js";
import { toTopicMessages, type OutputRecord } from "./output-record.js";
import { splitIntoRequests } from "./produce-requests.js";

/** Where a partition's consumption stands once a transaction commits: the next offset to read. */
export interface ConsumedPosition {
  topic: string;
  partition: number;
  nextOffset: string;
}

/** Kafka error code 51. */
const CONCURRENT_TRANSACTIONS = 51;

/** Marks an error kafkajs must not retry: its consumer crashes and the processor restarts it. */
export function restartRequired(detail: string, cause: unknown): Error {
  const why = cause instanceof Error ? `: ${cause.message}` : "";
  const error = createKafkaError("KAFKA_PROCESSOR_RESTART", { detail: `${detail}${why}`, cause });
  return Object.assign(error, { retriable: false });
}

export function isRestartRequired(error: unknown): boolean {
  return (error as { code?: unknown }).code === "KAFKA_PROCESSOR_RESTART";
}

/**
 * Writes records and the consumed offsets (of one partition or several) as one transaction, the records cut into produce requests
 * under the broker's limit. An error before the commit request aborts the transaction and is
 * thrown as is, so the caller may retry or isolate the batch; an error of the commit itself, or of
 * the abort, leaves the outcome unknown and is thrown as restartRequired: only re-reading the
 * group's committed offsets tells whether the batch must be processed again.
 */
export class TransactionWriter {
  constructor(
    private readonly producer: Producer,
    private readonly options: { groupId: string; maxRequestBytes: number },
  ) {}

  /**
   * Takes the transactional id's epoch now, which fences a predecessor and aborts a transaction it
   * left open. kafkajs' connect() only initialises an idempotent producer id; the transactional
   * one waits for the first transaction, so until then a dead predecessor's commit can still land
   * after this instance restored its state. Beginning and aborting an empty transaction sends
   * InitProducerId and nothing else.
   */
  async fence(): Promise<void> {
    const transaction = await this.producer.transaction();
    await transaction.abort();
  }

  async write(
    records: readonly OutputRecord[],
    sizes: readonly number[],
    consumed: readonly ConsumedPosition[],
  ): Promise<void> {
    const transaction = await this.producer.transaction();
    try {
      for (const request of splitIntoRequests(records, sizes, this.options.maxRequestBytes))
        await transaction.sendBatch({ topicMessages: toTopicMessages(request), acks: -1 });
      const offsets = { consumerGroupId: this.options.groupId, topics: offsetsByTopic(consumed) };
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
    } catch (error) {
      try {
        await transaction.abort();
      } catch (abortError) {
        const why = abortError instanceof Error ? abortError.message : String(abortError);
        throw restartRequired(`a failed transaction could not be aborted (${why})`, error);
      }
      throw error;
    }
    try {
      await transaction.commit();
    } catch (error) {
      throw restartRequired("the commit's outcome is unknown", error);
    }
  }
}

function offsetsByTopic(consumed: readonly ConsumedPosition[]) {
  const byTopic = new Map<string, { partition: number; offset: string }[]>();
  for (const { topic, partition, nextOffset } of consumed) {
    const partitions = byTopic.get(topic) ?? [];
    partitions.push({ partition, offset: nextOffset });
    byTopic.set(topic, partitions);
  }
  return [...byTopic].map(([topic, partitions]) => ({ topic, partitions }));
}
