import { describe, expect } from "vitest";
import type { Kafka, KafkaMessage } from "kafkajs";
import { awaitCondition, integrationTest as test } from "@takedown/test-kit";
import { createLogger } from "@takedown/logger";
import { BatchingTransactionalProducer } from "./batching-transactional-producer.js";
import { restoreChangelog } from "./changelog-restorer.js";
import { TransactionalProcessor } from "./transactional-processor.js";

const logger = createLogger({ service: "test", level: "silent" });

async function readCommitted(
  kafka: Kafka,
  topic: string,
  count: number,
  groupId: string,
): Promise<KafkaMessage[]> {
  const seen: KafkaMessage[] = [];
  const consumer = kafka.consumer({ groupId, readUncommitted: false });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  await consumer.run({
    eachMessage: ({ message }) => {
      seen.push(message);
      return Promise.resolve();
    },
  });
  try {
    await awaitCondition(() => seen.length >= count, { what: `${count} records on ${topic}` });
  } finally {
    await consumer.disconnect();
  }
  return seen;
}

function mentionsTooLarge(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e instanceof Error && depth < 5; depth++) {
    const { type, code } = e as { type?: unknown; code?: unknown };
    if (/TOO_LARGE/.test(`${String(type)} ${String(code)} ${e.message}`)) return true;
    e = e.cause ?? (e as { originalError?: unknown }).originalError;
  }
  return false;
}

describe("transactions", () => {
  test("the processor writes each input's output exactly once, even when a batch fails half-way", async ({
    kafka,
    createTopic,
    uniqueId,
  }) => {
    const input = await createTopic({ name: "in", partitions: 2 });
    const output = await createTopic({ name: "out", partitions: 2 });
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({
      topic: input,
      messages: Array.from({ length: 300 }, (_, i) => ({ key: `k${i % 10}`, value: String(i) })),
    });
    await producer.disconnect();

    let failures = 1;
    const processor = new TransactionalProcessor({
      kafka,
      logger,
      groupId: `proc-${uniqueId}`,
      transactionalId: `proc-${uniqueId}`,
      topics: [input],
      processBatch: ({ messages }) => {
        const records = messages.map((m) => ({
          topic: output,
          key: m.key,
          value: `out-${m.value!.toString()}`,
        }));
        // Fails after the output is built, the way a dying broker connection would mid-batch.
        if (failures > 0 && messages.length > 1) {
          failures -= 1;
          throw new Error("simulated failure");
        }
        return { records };
      },
    });
    await processor.start();
    try {
      const seen = await readCommitted(kafka, output, 300, `check-${uniqueId}`);
      const values = seen.map((m) => m.value!.toString());
      expect(new Set(values).size).toBe(300);
      expect(values.length).toBe(300);
      expect(failures).toBe(0);
    } finally {
      await processor.stop();
    }
  });

  test("concurrent sends are coalesced into few transactions and each resolves after commit", async ({
    kafka,
    createTopic,
    uniqueId,
  }) => {
    const topic = await createTopic({ name: "batched", partitions: 3 });
    const producer = new BatchingTransactionalProducer({
      kafka,
      logger,
      transactionalId: `batch-${uniqueId}`,
      lingerMs: 5,
    });
    await producer.start();
    try {
      await Promise.all(
        Array.from({ length: 200 }, (_, i) =>
          producer.send([
            { topic, key: `r${i}`, value: `a${i}` },
            { topic, key: `r${i}`, value: `b${i}` },
          ]),
        ),
      );
      const sizes = producer.takeBatchSizes();
      expect(sizes.reduce((a, b) => a + b, 0)).toBe(200);
      expect(sizes.length).toBeLessThan(50);
    } finally {
      await producer.stop();
    }
    const seen = await readCommitted(kafka, topic, 400, `check-${uniqueId}`);
    expect(seen).toHaveLength(400);
  });

  test("groups far larger than the broker's 1 MB batch limit still commit", async ({
    kafka,
    createTopic,
    uniqueId,
  }) => {
    // One partition, so every record lands in the same batch unless the producer splits it: two
    // groups of 40 records of 60 kB (a target.submitted at its schema limits) make 4.8 MB.
    const topic = await createTopic({ name: "large", partitions: 1 });
    const producer = new BatchingTransactionalProducer({
      kafka,
      logger,
      transactionalId: `large-${uniqueId}`,
    });
    await producer.start();
    const value = "説".repeat(20_000);
    try {
      await Promise.all(
        ["a", "b"].map((group) =>
          producer.send(
            Array.from({ length: 40 }, (_, i) => ({ topic, key: `${group}${i}`, value })),
          ),
        ),
      );
    } finally {
      await producer.stop();
    }
    const seen = await readCommitted(kafka, topic, 80, `check-${uniqueId}`);
    expect(seen).toHaveLength(80);
    expect(new Set(seen.map((m) => m.key?.toString())).size).toBe(80);
  });

  test("a record over the request budget is refused alone; the groups sent with it commit", async ({
    kafka,
    createTopic,
    uniqueId,
  }) => {
    const topic = await createTopic({ name: "oversize", partitions: 1 });
    const producer = new BatchingTransactionalProducer({
      kafka,
      logger,
      transactionalId: `oversize-${uniqueId}`,
      maxRequestBytes: 64 * 1024,
    });
    await producer.start();
    try {
      // On a loaded machine a transaction can abort for a transient broker reason (a timeout,
      // retries spent); callers retry those, as intake does. A group aborted by the huge record
      // would hear the broker's MESSAGE_TOO_LARGE, and that is never retried here, so the test
      // still fails if the huge record shares their transaction.
      const sendRetryingTransient = async (
        records: Parameters<BatchingTransactionalProducer["send"]>[0],
      ): Promise<void> => {
        for (let attempt = 1; ; attempt++) {
          try {
            await producer.send(records);
            return;
          } catch (error) {
            if (mentionsTooLarge(error) || attempt === 5) throw error;
          }
        }
      };
      const results = await Promise.allSettled([
        sendRetryingTransient([{ topic, key: "small-1", value: "a" }]),
        producer.send([
          { topic, key: "fits", value: "b" },
          { topic, key: "huge", value: "x".repeat(70 * 1024) },
        ]),
        sendRetryingTransient([{ topic, key: "small-2", value: "c" }]),
      ]);
      expect(results.map((r) => r.status)).toEqual(["fulfilled", "rejected", "fulfilled"]);
      expect((results[1] as PromiseRejectedResult).reason).toMatchObject({
        code: "KAFKA_RECORD_TOO_LARGE",
        retryable: false,
      });
    } finally {
      await producer.stop();
    }
    const seen = await readCommitted(kafka, topic, 2, `check-${uniqueId}`);
    expect(seen.map((m) => m.key?.toString()).sort()).toEqual(["small-1", "small-2"]);
  });

  test("a changelog restore returns committed records only and ends on a transaction marker", async ({
    kafka,
    createTopic,
    uniqueId,
  }) => {
    const topic = await createTopic({
      name: "changelog",
      partitions: 2,
      configs: { "cleanup.policy": "compact" },
    });
    const producer = kafka.producer({
      transactionalId: `cl-${uniqueId}`,
      idempotent: true,
      maxInFlightRequests: 1,
    });
    await producer.connect();
    const committed = await producer.transaction();
    await committed.send({
      topic,
      messages: [
        { key: "a", value: "1", partition: 0 },
        { key: "b", value: "2", partition: 1 },
      ],
    });
    await committed.commit();
    const aborted = await producer.transaction();
    await aborted.send({ topic, messages: [{ key: "c", value: "never", partition: 0 }] });
    await aborted.abort();
    await producer.disconnect();

    const restored: string[] = [];
    const result = await restoreChangelog({
      kafka,
      topic,
      partitions: [0],
      onRecord: ({ message }) =>
        restored.push(`${message.key!.toString()}=${message.value!.toString()}`),
      timeoutMs: 30_000,
    });
    expect(restored).toEqual(["a=1"]);
    expect(result.records).toBe(1);
  });

  test("a restore right after a commit includes that commit", async ({
    kafka,
    createTopic,
    uniqueId,
  }) => {
    const topic = await createTopic({
      name: "fresh",
      partitions: 1,
      configs: { "cleanup.policy": "compact" },
    });
    const producer = kafka.producer({
      transactionalId: `fresh-${uniqueId}`,
      idempotent: true,
      maxInFlightRequests: 1,
    });
    await producer.connect();
    try {
      for (let round = 1; round <= 3; round += 1) {
        const transaction = await producer.transaction();
        await transaction.send({ topic, messages: [{ key: `k${round}`, value: String(round) }] });
        await transaction.commit();
        // No pause: the commit markers may not be written yet when the restore starts.
        const restored = await restoreChangelog({
          kafka,
          topic,
          partitions: [0],
          onRecord: () => undefined,
        });
        expect(restored.records).toBe(round);
      }
    } finally {
      await producer.disconnect();
    }
  });
});
