import { describe, expect } from "vitest";
import type { Producer } from "kafkajs";
import { integrationTest as test } from "@takedown/test-kit";
import type { BareKafka } from "@takedown/kafka/bare-client";
import { readToEnd } from "./topic-reader.js";

/**
 * A read_committed reader must drop every record of an aborted transaction. The broker lists the
 * aborted transactions a fetch overlaps in the order they were aborted, not the order they began,
 * and a fetch may start inside several of them; kafkajs 2.2.4 assumed the list sorted and opened
 * one aborted transaction per record, so it let records of the second one through. A three-broker
 * chaos run showed it: the audit log held an entry for a record no reader could find again.
 */
describe("aborted transactions under read_committed", () => {
  async function transactionalProducers(
    kafka: BareKafka,
    ids: readonly string[],
  ): Promise<Producer[]> {
    const producers = ids.map((transactionalId) =>
      kafka.producer({ transactionalId, idempotent: true, maxInFlightRequests: 1 }),
    );
    for (const producer of producers) await producer.connect();
    return producers;
  }

  async function committedValues(
    kafka: BareKafka,
    topic: string,
    from?: bigint,
  ): Promise<string[]> {
    const values: string[] = [];
    await readToEnd({
      kafka,
      topics: [topic],
      ...(from === undefined ? {} : { from: new Map([[`${topic}/0`, from]]) }),
      onBatch: ({ records }) => {
        for (const record of records) values.push(record.value?.toString() ?? "");
      },
    });
    return values;
  }

  test("transactions aborted in the reverse order of their start leave nothing behind", async ({
    kafka,
    createTopic,
    uniqueId,
  }) => {
    const topic = await createTopic({ name: "aborted", partitions: 1 });
    const [first, second, third] = await transactionalProducers(kafka, [
      `first-${uniqueId}`,
      `second-${uniqueId}`,
      `committed-${uniqueId}`,
    ]);
    try {
      // Offsets: 0 first, 1 second, 2 first, 3 second, 4 abort(second), 5 abort(first).
      const a = await first!.transaction();
      const b = await second!.transaction();
      await a.send({ topic, messages: [{ key: "k", value: "first-1" }] });
      await b.send({ topic, messages: [{ key: "k", value: "second-1" }] });
      await a.send({ topic, messages: [{ key: "k", value: "first-2" }] });
      await b.send({ topic, messages: [{ key: "k", value: "second-2" }] });
      await b.abort();
      await a.abort();
      const c = await third!.transaction();
      await c.send({ topic, messages: [{ key: "k", value: "committed" }] });
      await c.commit();

      expect(await committedValues(kafka, topic)).toEqual(["committed"]);
      // Starting inside both aborted transactions, at a record of the one that began second.
      expect(await committedValues(kafka, topic, 3n)).toEqual(["committed"]);
      expect(await committedValues(kafka, topic, 1n)).toEqual(["committed"]);
    } finally {
      for (const producer of [first, second, third]) await producer?.disconnect();
    }
  });

  test("thousands of records from interleaved aborted and committed transactions", async ({
    kafka,
    createTopic,
    uniqueId,
  }) => {
    const topic = await createTopic({ name: "interleaved", partitions: 1 });
    const ids = Array.from({ length: 4 }, (_, i) => `mix-${i}-${uniqueId}`);
    const producers = await transactionalProducers(kafka, ids);
    const expected: string[] = [];
    try {
      // Four producers keep transactions open side by side; each round they write, then end in an
      // order that rotates, every other transaction aborted. Values of 2 kB make fetches of many
      // batches and several fetches per read.
      const pad = "x".repeat(2048);
      for (let round = 0; round < 25; round++) {
        const open = await Promise.all(producers.map((producer) => producer.transaction()));
        for (let step = 0; step < 5; step++) {
          for (const [i, transaction] of open.entries()) {
            const messages = Array.from({ length: 4 }, (_, m) => ({
              key: `p${i}`,
              value: `r${round}-p${i}-s${step}-m${m}-${pad}`,
            }));
            await transaction.send({ topic, messages });
          }
        }
        for (let k = 0; k < open.length; k++) {
          const i = (round + k) % open.length;
          const transaction = open[i]!;
          if ((round + i) % 2 === 0) {
            await transaction.abort();
          } else {
            await transaction.commit();
            for (let step = 0; step < 5; step++)
              for (let m = 0; m < 4; m++) expected.push(`r${round}-p${i}-s${step}-m${m}-${pad}`);
          }
        }
      }
      const values = await committedValues(kafka, topic);
      const wanted = new Set(expected);
      const leaked = values.filter((v) => !wanted.has(v)).map((v) => v.slice(0, 16));
      expect(leaked).toEqual([]);
      expect(values.length).toBe(expected.length);
      expect(new Set(values).size).toBe(expected.length);
    } finally {
      for (const producer of producers) await producer.disconnect();
    }
  });
});
