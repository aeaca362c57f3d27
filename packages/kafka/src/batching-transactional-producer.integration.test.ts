import { setTimeout as delay } from "node:timers/promises";
import { describe, expect } from "vitest";
import type { Kafka } from "kafkajs";
import { awaitCondition, integrationTest as test } from "@takedown/test-kit";
import { createLogger } from "@takedown/logger";
import { BatchingTransactionalProducer } from "./batching-transactional-producer.js";
import { restoreChangelog } from "./changelog-restorer.js";

const logger = createLogger({ service: "test", level: "silent" });

/** Every committed record key of the topic (a read_committed reader), awaited to `count`. */
async function committedKeys(kafka: Kafka, topic: string, count: number): Promise<string[]> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    return await awaitCondition(
      async () => {
        const offsets = await admin.fetchTopicOffsets(topic);
        const keys: string[] = [];
        await restoreChangelog({
          kafka,
          topic,
          partitions: offsets.map((o) => o.partition),
          onRecord: ({ message }) => keys.push(message.key?.toString() ?? ""),
        });
        return keys.length >= count ? keys : undefined;
      },
      { what: `${count} committed records on ${topic}` },
    );
  } finally {
    await admin.disconnect();
  }
}

describe("batching transactional producer under load", () => {
  test("sends arriving at 800/s for 8 s over several transactional ids: none fails, each is committed once", async ({
    kafka,
    createTopic,
    uniqueId,
  }) => {
    const events = await createTopic({ name: "events", partitions: 6 });
    const answers = await createTopic({ name: "answers", partitions: 6 });
    const producer = new BatchingTransactionalProducer({
      kafka,
      logger,
      transactionalId: `load-${uniqueId}`,
      lingerMs: 1,
      // Two transactions open on three ids: an id comes round again after two others, so a
      // transaction slowed by a retry is soon overtaken.
      producers: 3,
      maxInFlight: 2,
    });
    await producer.start();
    const committed: string[] = [];
    const failures: string[] = [];
    const send = async (key: string): Promise<void> => {
      try {
        await producer.send([
          { topic: events, key, value: `event ${key}` },
          { topic: answers, key, value: `answer ${key}` },
        ]);
        committed.push(key);
      } catch (error) {
        failures.push(`${key}: ${error instanceof Error ? error.message : String(error)}`);
      }
    };
    // Open-loop arrivals, as HTTP requests come: small transactions follow each other closely on
    // every transactional id, so the broker is often still finishing an id's previous one.
    const rate = 800;
    const total = rate * 8;
    const sends: Promise<void>[] = [];
    const began = performance.now();
    try {
      while (sends.length < total) {
        const due = Math.min(total, Math.floor(((performance.now() - began) * rate) / 1000));
        while (sends.length < due) sends.push(send(`k${sends.length}`));
        await delay(2);
      }
      await Promise.all(sends);
    } finally {
      await producer.stop();
    }
    expect(failures).toEqual([]);
    expect(committed).toHaveLength(total);
    for (const topic of [events, answers]) {
      const keys = await committedKeys(kafka, topic, total);
      expect(keys).toHaveLength(total);
      expect(new Set(keys)).toEqual(new Set(committed));
    }
  });
});
