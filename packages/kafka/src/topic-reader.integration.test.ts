import { describe, expect } from "vitest";
import { integrationTest as test } from "@takedown/test-kit";
import { createLogger } from "@takedown/logger";
import { BatchingTransactionalProducer } from "./batching-transactional-producer.js";
import { partitionOfKey } from "./java-partitioner.js";
import { RecordWriter, writeRecords } from "./record-writer.js";
import { withTopicAdmin } from "./topic-admin.js";
import { TopicReader, readToEnd } from "./topic-reader.js";

const logger = createLogger({ service: "test", level: "silent" });
const PAD = "x".repeat(300);

describe("the package's verbs on the real broker", () => {
  test("read to end sees a transaction committed just before, in full, past 1 MiB", async ({
    kafka,
    createTopic,
    uniqueId,
  }) => {
    const topic = await createTopic({ name: "committed", partitions: 3 });
    const producer = new BatchingTransactionalProducer({
      kafka,
      logger,
      transactionalId: `reader-${uniqueId}`,
    });
    await producer.start();
    const count = 5000;
    try {
      // Several transactions, the last committed right before reading: its markers are the race.
      for (let from = 0; from < count; from += 1000) {
        await producer.send(
          Array.from({ length: 1000 }, (_, i) => ({
            topic,
            key: `k${from + i}`,
            value: `${from + i}:${PAD}`,
          })),
        );
      }
    } finally {
      await producer.stop();
    }
    const seen = new Map<string, number>();
    let bytes = 0;
    const { records } = await readToEnd({
      kafka,
      topics: [topic],
      timeoutMs: 60_000,
      onBatch: ({ partition, records }) => {
        for (const record of records) {
          seen.set(record.key?.toString() ?? "", partition);
          bytes += record.value?.length ?? 0;
        }
      },
    });
    expect(records).toBe(count);
    expect(seen.size).toBe(count);
    expect(bytes).toBeGreaterThan(1024 * 1024);
    // Every key sits where partitionOfKey says the package's producers put it.
    for (const [key, partition] of seen) expect(partitionOfKey(key, 3)).toBe(partition);
  }, 120_000);

  test("read to end waits for a transaction already written but not ended, then delivers it whole", async ({
    kafka,
    createTopic,
    uniqueId,
  }) => {
    // A commit is acknowledged before its markers are written (seconds after a failover), and
    // until then the last stable offset leaves the transaction out. An open transaction stands in
    // for it: its records lie below the high watermark, so the end is not reached until it ends.
    const topic = await createTopic({ name: "open", partitions: 2 });
    await writeRecords(kafka, topic, [{ key: "before", value: "0" }]);
    const producer = kafka.producer({
      transactionalId: `open-${uniqueId}`,
      idempotent: true,
      maxInFlightRequests: 1,
    });
    await producer.connect();
    try {
      const transaction = await producer.transaction();
      const keys = Array.from({ length: 20 }, (_, i) => `open-${i}`);
      await transaction.send({
        topic,
        acks: -1,
        messages: keys.map((key) => ({ key, value: key })),
      });
      const early: string[] = [];
      await expect(
        readToEnd({
          kafka,
          topics: [topic],
          timeoutMs: 3_000,
          onBatch: ({ records }) => {
            for (const record of records) early.push(record.key?.toString() ?? "");
          },
        }),
      ).rejects.toThrow(/not read to the end/);
      // Committed records before the open transaction were delivered; its own were not.
      expect(early).toEqual(["before"]);
      const seen: string[] = [];
      const reading = readToEnd({
        kafka,
        topics: [topic],
        timeoutMs: 60_000,
        onBatch: ({ records }) => {
          for (const record of records) seen.push(record.key?.toString() ?? "");
        },
      });
      await transaction.commit();
      await reading;
      expect(seen.sort()).toEqual(["before", ...keys].sort());
    } finally {
      await producer.disconnect();
    }
  }, 120_000);

  test("a reader started at given positions delivers only what follows them, and keeps following", async ({
    kafka,
    createTopic,
  }) => {
    const topic = await createTopic({ name: "follow", partitions: 1 });
    await writeRecords(
      kafka,
      topic,
      Array.from({ length: 10 }, (_, i) => ({ key: "k", value: String(i) })),
    );
    const values: string[] = [];
    const reader = new TopicReader({
      kafka,
      topics: [topic],
      from: new Map([[`${topic}/0`, 6n]]),
      onBatch: ({ records }) => {
        for (const record of records) values.push(record.value?.toString() ?? "");
      },
    });
    const writer = new RecordWriter(kafka);
    await writer.start();
    try {
      await reader.start();
      await reader.reachEnd(30_000);
      expect(values).toEqual(["6", "7", "8", "9"]);
      const [written] = await writer.send(topic, [{ key: "k", value: "10" }]);
      expect(written).toEqual({ partition: 0, baseOffset: "10" });
      await reader.reachEnd(30_000);
      expect(values).toEqual(["6", "7", "8", "9", "10"]);
    } finally {
      await writer.stop();
      await reader.stop();
    }
    const watermarks = await withTopicAdmin(kafka, (admin) => admin.watermarks(topic));
    expect(watermarks).toEqual([{ partition: 0, low: 0n, high: 11n }]);
    const counts = await withTopicAdmin(kafka, (admin) => admin.partitionCounts([topic]));
    expect(counts.get(topic)).toBe(1);
  }, 60_000);
  test("a consumer that dies on an error kafkajs will not restart is replaced and goes on from what it delivered", async ({
    kafka,
    createTopic,
  }) => {
    const topic = await createTopic({ name: "replaced", partitions: 3 });
    const count = 4000;
    await writeRecords(
      kafka,
      topic,
      Array.from({ length: count }, (_, i) => ({ key: `k${i}`, value: `${i}:${PAD}` })),
    );
    const seen: string[] = [];
    const restarts: { message: string; delayMs: number }[] = [];
    let batches = 0;
    const reader = new TopicReader({
      kafka,
      topics: [topic],
      recovery: { initialDelayMs: 50 },
      onRestart: ({ error, delayMs }) => restarts.push({ message: error.message, delayMs }),
      onBatch: ({ records }) => {
        batches += 1;
        // What an authentication failure during a broker's death does: kafkajs gives up on it.
        if (batches === 2)
          throw Object.assign(new Error("the second batch kills the consumer"), {
            retriable: false,
          });
        for (const record of records) seen.push(record.key?.toString() ?? "");
      },
    });
    try {
      await reader.reachEnd(60_000);
      expect(restarts).toEqual([{ message: "the second batch kills the consumer", delayMs: 50 }]);
      expect(reader.restarts).toBe(1);
      expect(reader.failed).toBeUndefined();
      expect(reader.following).toBe(true);
      // Every record once: what was delivered before the crash is not read again.
      expect(seen).toHaveLength(count);
      expect(new Set(seen).size).toBe(count);
    } finally {
      await reader.stop();
    }
  }, 90_000);

  test("a reader whose consumer keeps dying gives up past its bound, and says so", async ({
    kafka,
    createTopic,
  }) => {
    const topic = await createTopic({ name: "gives-up", partitions: 1 });
    await writeRecords(kafka, topic, [{ key: "k", value: "poison" }]);
    const failures: Error[] = [];
    let restarts = 0;
    const reader = new TopicReader({
      kafka,
      topics: [topic],
      recovery: { initialDelayMs: 20, maxRestarts: 2 },
      onRestart: () => (restarts += 1),
      onFailure: (error) => failures.push(error),
      onBatch: () => {
        throw Object.assign(new Error("every batch kills the consumer"), { retriable: false });
      },
    });
    try {
      await expect(reader.reachEnd(60_000)).rejects.toMatchObject({
        code: "KAFKA_READER_FAILED",
      });
      expect(restarts).toBe(2);
      expect(failures).toHaveLength(1);
      expect(failures[0]?.message).toMatch(/2 restarts; last: every batch kills the consumer/);
      expect(reader.following).toBe(false);
    } finally {
      await reader.stop();
    }
  }, 90_000);
});
