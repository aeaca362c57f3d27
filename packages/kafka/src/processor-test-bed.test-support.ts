import type { Admin } from "kafkajs";
import type { BareKafka as Kafka } from "./bare-client.js";
import type { ConsumedRecord } from "./kafka-record.js";
import type { OutputRecord } from "./output-record.js";
import { awaitCondition } from "@takedown/test-kit";
import { restoreChangelog } from "./changelog-restorer.js";

/** Writes values to one partition of a topic, in order, in one request. */
export async function sendInputs(
  kafka: Kafka,
  topic: string,
  values: readonly string[],
  partition = 0,
): Promise<void> {
  const producer = kafka.producer();
  await producer.connect();
  try {
    await producer.send({
      topic,
      messages: values.map((value, i) => ({ key: `k${i}`, value, partition })),
    });
  } finally {
    await producer.disconnect();
  }
}

/** Every committed record of a topic, read to its end (read_committed). */
export async function readToEnd(
  kafka: Kafka,
  topic: string,
  partitions: readonly number[] = [0],
): Promise<ConsumedRecord[]> {
  const seen: ConsumedRecord[] = [];
  await restoreChangelog({
    kafka,
    topic,
    partitions,
    onRecord: ({ message }) => seen.push(message),
    timeoutMs: 60_000,
  });
  return seen;
}

/** Waits until the group has committed every partition of the topic to its end. */
export async function awaitConsumed(
  admin: Admin,
  groupId: string,
  topic: string,
  timeoutMs = 60_000,
): Promise<void> {
  await awaitCondition(
    async () => {
      const ends = await admin.fetchTopicOffsets(topic);
      const [committed] = await admin.fetchOffsets({ groupId, topics: [topic] });
      return ends.every((end) => {
        const offset = committed?.partitions.find((p) => p.partition === end.partition)?.offset;
        return offset !== undefined && BigInt(offset) >= BigInt(end.high);
      });
    },
    { what: `${groupId} to commit ${topic} to its end`, timeoutMs, intervalMs: 200 },
  );
}

/** A notice-sized output (2 KB) per input, so thousands of inputs make megabytes of output. */
export const noticeOf = (topic: string, value: string): OutputRecord => ({
  topic,
  key: value,
  value: `${value}:${"n".repeat(2000)}`,
});
