import { setTimeout as delay } from "node:timers/promises";
import { describe, expect } from "vitest";
import type { BareKafka as Kafka } from "./bare-client.js";
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

  test("an id another producer fenced is renewed: its one transaction fails, the next ones commit", async ({
    kafka,
    createTopic,
    uniqueId,
  }) => {
    const topic = await createTopic({ name: "fenced", partitions: 2 });
    const producer = new BatchingTransactionalProducer({
      kafka,
      logger,
      transactionalId: `fenced-${uniqueId}`,
      producers: 2,
      maxInFlight: 1,
    });
    await producer.start();
    // A twin with the first id takes a new epoch, as a restarted process would.
    await fence(kafka, `fenced-${uniqueId}-0`);
    const outcomes: string[] = [];
    try {
      for (let i = 0; i < 10; i += 1) {
        outcomes.push(
          await producer.send([{ topic, key: `k${i}`, value: `v${i}` }]).then(
            () => "committed",
            () => "failed",
          ),
        );
      }
    } finally {
      await producer.stop();
    }
    // Reused as it was, the fenced id would fail every other transaction.
    expect(outcomes).toEqual(["failed", ...Array.from({ length: 9 }, () => "committed")]);
    const keys = await committedKeys(kafka, topic, 9);
    expect(keys.sort()).toEqual(Array.from({ length: 9 }, (_, i) => `k${i + 1}`).sort());
  });

  test("a transaction fenced half-way, whose abort fails too, publishes nothing and its id is renewed", async ({
    kafka,
    createTopic,
    uniqueId,
  }) => {
    const topic = await createTopic({ name: "halfway", partitions: 1 });
    const watched = watchProduceRequests(kafka);
    const producer = new BatchingTransactionalProducer({
      kafka: watched.kafka,
      logger,
      transactionalId: `halfway-${uniqueId}`,
      producers: 2,
      maxInFlight: 1,
      // One record per produce request: the transaction takes thousands of round trips.
      maxRequestBytes: 1024,
    });
    await producer.start();
    const twin = await connectedTwin(kafka, `halfway-${uniqueId}-0`);
    const small: string[] = [];
    try {
      const large = producer
        .send(
          Array.from({ length: 3000 }, (_, i) => ({
            topic,
            key: `large-${i}`,
            value: "x".repeat(900),
          })),
        )
        .then(
          () => "committed",
          () => "failed",
        );
      // (A read_committed offset would not move before the commit.)
      await awaitCondition(() => watched.count() >= 10, {
        what: "the first produce requests of the open transaction",
        intervalMs: 5,
      });
      // The coordinator aborts the open transaction and refuses the old epoch from then on: the
      // next produce request fails, and so does the EndTxn of kafkajs' abort.
      await twin.takeEpoch();
      expect(await large).toBe("failed");
      for (let i = 0; i < 6; i += 1) {
        small.push(
          await producer.send([{ topic, key: `small-${i}`, value: "s" }]).then(
            () => "committed",
            () => "failed",
          ),
        );
      }
    } finally {
      await twin.disconnect();
      await producer.stop();
    }
    // The twin's InitProducerId is retried while the coordinator aborts, so the producer may have
    // renewed just before the twin's epoch landed and be fenced once more. Left in kafkajs'
    // ABORTING state instead, the id would fail every other transaction.
    expect(small.filter((o) => o === "failed").length).toBeLessThanOrEqual(1);
    expect(small.slice(2)).toEqual(["committed", "committed", "committed", "committed"]);
    const expected = small.flatMap((o, i) => (o === "committed" ? [`small-${i}`] : []));
    const keys = await committedKeys(kafka, topic, expected.length);
    expect(keys).toEqual(expected);
  });
});

/** Takes the id's next epoch with a producer of its own, fencing whoever held it. */
async function fence(kafka: Kafka, transactionalId: string): Promise<void> {
  const twin = await connectedTwin(kafka, transactionalId);
  try {
    await twin.takeEpoch();
  } finally {
    await twin.disconnect();
  }
}

/** The client, with a count of the produce requests its producers have had answered. */
function watchProduceRequests(kafka: Kafka): { kafka: Kafka; count: () => number } {
  let count = 0;
  const watched = Object.create(kafka) as Kafka;
  watched.producer = (config) => {
    const producer = kafka.producer(config);
    producer.on(producer.events.REQUEST, ({ payload }) => {
      if (payload.apiName === "Produce") count += 1;
    });
    return producer;
  };
  return { kafka: watched, count: () => count };
}

/** A producer with the id, connected ahead so that taking the epoch is one request away. */
async function connectedTwin(kafka: Kafka, transactionalId: string) {
  const twin = kafka.producer({ transactionalId, idempotent: true, maxInFlightRequests: 1 });
  await twin.connect();
  return {
    takeEpoch: async () => {
      const empty = await twin.transaction();
      await empty.abort();
    },
    disconnect: () => twin.disconnect(),
  };
}
