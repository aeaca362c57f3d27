import type { Producer } from "kafkajs";
import { clientOf, type Kafka } from "./kafka-handle.js";
import { Partitioners } from "./kafkajs-runtime.js";
import type { RecordToSend } from "./kafka-record.js";

/** Where the records of one send landed in one partition. */
export interface WrittenBatch {
  partition: number;
  /** Offset of the first of them, a decimal string. */
  baseOffset: string;
}

/**
 * A plain (non-transactional) producer for records whose loss or repetition does no harm: ticks
 * and test input. Keys go to the partition `partitionOfKey` gives. Each send is one round trip,
 * so callers pass whole batches.
 */
export class RecordWriter {
  readonly #kafka: Kafka;
  #producer: Producer | undefined;

  constructor(kafka: Kafka) {
    this.#kafka = kafka;
  }

  async start(): Promise<void> {
    const producer = clientOf(this.#kafka).producer({
      createPartitioner: Partitioners.DefaultPartitioner,
    });
    await producer.connect();
    this.#producer = producer;
  }

  /** Resolves once the broker acknowledged, with where each partition's first record went. */
  async send(topic: string, records: readonly RecordToSend[]): Promise<WrittenBatch[]> {
    if (this.#producer === undefined) throw new Error("RecordWriter used before start()");
    const written = await this.#producer.send({
      topic,
      messages: records.map((record) => ({ ...record })),
    });
    return written.map((w) => ({ partition: w.partition, baseOffset: w.baseOffset ?? "0" }));
  }

  /** Several topics' records in one round trip. */
  async sendTopics(
    batches: readonly { topic: string; records: readonly RecordToSend[] }[],
  ): Promise<void> {
    if (this.#producer === undefined) throw new Error("RecordWriter used before start()");
    await this.#producer.sendBatch({
      topicMessages: batches.map(({ topic, records }) => ({
        topic,
        messages: records.map((record) => ({ ...record })),
      })),
    });
  }

  async stop(): Promise<void> {
    const producer = this.#producer;
    this.#producer = undefined;
    await producer?.disconnect();
  }
}

/** Writes one batch on a connection of its own (tests' input, one-off tools). */
export async function writeRecords(
  kafka: Kafka,
  topic: string,
  records: readonly RecordToSend[],
): Promise<WrittenBatch[]> {
  const writer = new RecordWriter(kafka);
  await writer.start();
  try {
    return await writer.send(topic, records);
  } finally {
    await writer.stop();
  }
}
