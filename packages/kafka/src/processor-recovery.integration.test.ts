import { describe, expect } from "vitest";
import { awaitCondition, integrationTest as test } from "@takedown/test-kit";
import { createLogger } from "@takedown/logger";
import { awaitConsumed, readToEnd, sendInputs } from "./processor-test-bed.test-support.js";
import { TransactionalProcessor } from "./transactional-processor.js";

const logger = createLogger({ service: "test", level: "silent" });

describe("TransactionalProcessor recovery", () => {
  test("a consumer stopped by a fenced producer is restarted and processing continues, exactly once", async ({
    kafka,
    admin,
    createTopic,
    uniqueId,
  }) => {
    const input = await createTopic({ name: "in", partitions: 1 });
    const output = await createTopic({ name: "out", partitions: 1 });
    const groupId = `fenced-${uniqueId}`;
    const processor = new TransactionalProcessor({
      kafka,
      logger,
      groupId,
      transactionalId: groupId,
      topics: [input],
      recovery: { initialDelayMs: 50 },
      processBatch: ({ messages }) => ({
        records: messages.map((m) => ({ topic: output, key: m.key, value: m.value })),
      }),
    });
    await processor.start();
    try {
      await sendInputs(kafka, input, ["a1", "a2", "a3"]);
      await awaitConsumed(admin, groupId, input);
      // A second producer with the same transactional id takes the epoch: the processor's next
      // transaction is refused, which leaves its consumer stopped unless something restarts it.
      const intruder = kafka.producer({
        transactionalId: groupId,
        idempotent: true,
        maxInFlightRequests: 1,
      });
      await intruder.connect();
      await (await intruder.transaction()).abort();
      await intruder.disconnect();
      await sendInputs(kafka, input, ["b1", "b2", "b3"]);
      await awaitConsumed(admin, groupId, input);
    } finally {
      await processor.stop();
    }
    const health = processor.health();
    expect(health.restarts).toBeGreaterThanOrEqual(1);
    expect(health.lastError).toMatch(/^INVALID_PRODUCER_EPOCH: .*must reconnect/);
    const seen = await readToEnd(kafka, output);
    expect(seen.map((m) => m.value!.toString()).sort()).toEqual([
      "a1",
      "a2",
      "a3",
      "b1",
      "b2",
      "b3",
    ]);
  });

  test("a processor that cannot recover within its bound reports fatal once and stays down", async ({
    kafka,
    createTopic,
    uniqueId,
  }) => {
    const input = await createTopic({ name: "in", partitions: 1 });
    await sendInputs(kafka, input, ["x"]);
    const fatal: Error[] = [];
    const processor = new TransactionalProcessor({
      kafka,
      logger,
      groupId: `fatal-${uniqueId}`,
      transactionalId: `fatal-${uniqueId}`,
      topics: [input],
      // Its output topic does not exist (deleted under it, say): every transaction fails.
      processBatch: () => ({
        records: [{ topic: `test.missing.${uniqueId}.v1`, key: "k", value: "v" }],
      }),
      recovery: { initialDelayMs: 50, maxDelayMs: 100, maxRestarts: 2, transientAttempts: 1 },
      onFatal: (error) => fatal.push(error),
    });
    await processor.start();
    try {
      await awaitCondition(() => fatal.length > 0, { what: "onFatal", timeoutMs: 60_000 });
      const health = processor.health();
      expect(health.state).toBe("failed");
      expect(health.restarts).toBe(2);
      expect(fatal).toHaveLength(1);
      expect(fatal[0]).toMatchObject({ code: "KAFKA_PROCESSOR_FAILED" });
      expect(fatal[0]?.message).toContain(`fatal-${uniqueId}`);
    } finally {
      await processor.stop();
    }
    expect(processor.health().state).toBe("failed");
    expect(fatal).toHaveLength(1);
  });

  test("a starting processor fences a predecessor whose transaction is still open", async ({
    kafka,
    createTopic,
    uniqueId,
  }) => {
    const input = await createTopic({ name: "in", partitions: 1 });
    const output = await createTopic({ name: "out", partitions: 1 });
    const transactionalId = `zombie-${uniqueId}`;
    const zombie = kafka.producer({ transactionalId, idempotent: true, maxInFlightRequests: 1 });
    await zombie.connect();
    const open = await zombie.transaction();
    await open.send({ topic: output, messages: [{ key: "z", value: "from the zombie" }] });
    const processor = new TransactionalProcessor({
      kafka,
      logger,
      groupId: transactionalId,
      transactionalId,
      topics: [input],
      processBatch: () => ({ records: [] }),
    });
    await processor.start();
    try {
      // Its state restore (onAssigned) must not be overtaken by this commit.
      await expect(open.commit()).rejects.toMatchObject({ type: "INVALID_PRODUCER_EPOCH" });
    } finally {
      await processor.stop();
      await zombie.disconnect();
    }
    expect(await readToEnd(kafka, output)).toEqual([]);
  });
});
