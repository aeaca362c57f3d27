import { describe, expect } from "vitest";
import { decodeEvent } from "@takedown/contracts";
import { awaitCondition, integrationTest as test } from "@takedown/test-kit";
import { createLogger } from "@takedown/logger";
import { createKafkaError } from "./errors.js";
import { recordBytes } from "./produce-requests.js";
import {
  awaitConsumed,
  noticeOf,
  readToEnd,
  sendInputs,
} from "./processor-test-bed.test-support.js";
import { TransactionalProcessor } from "./transactional-processor.js";

const logger = createLogger({ service: "test", level: "silent" });
const MiB = 1024 * 1024;

function rejectionsIn(messages: Awaited<ReturnType<typeof readToEnd>>) {
  return messages.map((message) => {
    const decoded = decodeEvent(message);
    if (!decoded.ok || decoded.event.type !== "record.rejected")
      throw new Error(`not a record.rejected: ${message.value?.toString()}`);
    return decoded.event.data;
  });
}

describe("TransactionalProcessor output", () => {
  test("one consumed batch whose output passes 1 MiB on one partition commits all of it, once", async ({
    kafka,
    admin,
    createTopic,
    uniqueId,
  }) => {
    const input = await createTopic({ name: "in", partitions: 1 });
    const output = await createTopic({ name: "out", partitions: 1 });
    const values = Array.from({ length: 1500 }, (_, i) => `v${i}`);
    await sendInputs(kafka, input, values);

    let largestBatchBytes = 0;
    const processor = new TransactionalProcessor({
      kafka,
      logger,
      groupId: `big-${uniqueId}`,
      transactionalId: `big-${uniqueId}`,
      topics: [input],
      processBatch: ({ messages }) => {
        const records = messages.map((m) => noticeOf(output, m.value!.toString()));
        const bytes = records.reduce((sum, r) => sum + recordBytes(r), 0);
        largestBatchBytes = Math.max(largestBatchBytes, bytes);
        return { records };
      },
    });
    await processor.start();
    try {
      await awaitConsumed(admin, `big-${uniqueId}`, input);
    } finally {
      await processor.stop();
    }
    // Without request splitting this batch is one record batch over message.max.bytes.
    expect(largestBatchBytes).toBeGreaterThan(MiB);
    const seen = await readToEnd(kafka, output);
    expect(seen).toHaveLength(1500);
    expect(new Set(seen.map((m) => m.key!.toString()))).toEqual(new Set(values));
    expect(processor.health().deadLetters).toEqual({});
  });

  test("output past the transaction budget is split over transactions that each commit their own offset", async ({
    kafka,
    admin,
    createTopic,
    uniqueId,
  }) => {
    const input = await createTopic({ name: "in", partitions: 1 });
    const output = await createTopic({ name: "out", partitions: 1 });
    const values = Array.from({ length: 1500 }, (_, i) => `v${i}`);
    await sendInputs(kafka, input, values);
    const groupId = `split-${uniqueId}`;
    const make = (
      onBatch: (offsets: string[]) => void,
      committed: (offsets: string[]) => void,
    ): TransactionalProcessor =>
      new TransactionalProcessor({
        kafka,
        logger,
        groupId,
        transactionalId: groupId,
        topics: [input],
        maxTransactionBytes: 512 * 1024,
        processBatch: ({ messages }) => {
          const offsets = messages.map((m) => m.offset);
          onBatch(offsets);
          return {
            records: messages.map((m) => noticeOf(output, m.value!.toString())),
            onCommit: () => committed(offsets),
          };
        },
      });

    // The first instance stops after its third transaction: what it committed is never redone.
    const firstCommits: string[][] = [];
    const first: TransactionalProcessor = make(
      () => undefined,
      (offsets) => {
        firstCommits.push(offsets);
        if (firstCommits.length === 3) void first.stop();
      },
    );
    await first.start();
    await awaitCondition(() => first.health().state === "stopped", { what: "first stopped" });
    expect(firstCommits.length).toBeGreaterThanOrEqual(3);
    // Each transaction carried a slice of the batch: ~3 MB over 512 KiB makes 6 or more slices.
    expect(Math.max(...firstCommits.map((c) => c.length))).toBeLessThanOrEqual(1500 / 6 + 1);
    const doneByFirst = firstCommits.flat();

    const secondSeen: string[] = [];
    const second = make(
      (offsets) => secondSeen.push(...offsets),
      () => undefined,
    );
    await second.start();
    try {
      await awaitConsumed(admin, groupId, input);
    } finally {
      await second.stop();
    }
    const resumedAt = BigInt(doneByFirst[doneByFirst.length - 1]!) + 1n;
    expect(secondSeen.every((offset) => BigInt(offset) >= resumedAt)).toBe(true);
    expect(second.health().transactions).toBeGreaterThanOrEqual(3);
    const seen = await readToEnd(kafka, output);
    expect(seen).toHaveLength(1500);
    expect(new Set(seen.map((m) => m.key!.toString()))).toEqual(new Set(values));
  });

  test("an output record that can never be written goes to the DLQ with its reason; the rest commits", async ({
    kafka,
    admin,
    createTopic,
    uniqueId,
  }) => {
    const input = await createTopic({ name: "in", partitions: 1 });
    const output = await createTopic({ name: "out", partitions: 1 });
    const dlq = await createTopic({ name: "dlq", partitions: 1 });
    const values = Array.from({ length: 40 }, (_, i) => (i === 17 ? "huge" : `v${i}`));
    await sendInputs(kafka, input, values);
    const processor = new TransactionalProcessor({
      kafka,
      logger,
      groupId: `oversize-${uniqueId}`,
      transactionalId: `oversize-${uniqueId}`,
      topics: [input],
      deadLetter: { topic: dlq, source: "/takedown/test", rejectedBy: "test" },
      processBatch: ({ messages }) => ({
        records: messages.map((m) => {
          const value = m.value!.toString();
          // 1.5 MB: over the broker's 1 MiB limit, so no split can ever carry it.
          return value === "huge"
            ? { topic: output, key: value, value: "x".repeat(1_500_000) }
            : noticeOf(output, value);
        }),
      }),
    });
    await processor.start();
    try {
      await awaitConsumed(admin, `oversize-${uniqueId}`, input);
    } finally {
      await processor.stop();
    }
    const seen = await readToEnd(kafka, output);
    expect(seen.map((m) => m.key!.toString()).sort()).toEqual(
      values.filter((v) => v !== "huge").sort(),
    );
    const [rejected, ...more] = rejectionsIn(await readToEnd(kafka, dlq));
    expect(more).toEqual([]);
    expect(rejected?.original).toMatchObject({ topic: input, partition: 0, offset: "17" });
    expect(Buffer.from(rejected!.original.valueBase64!, "base64").toString()).toBe("huge");
    expect(rejected?.reason.code).toBe("OUTPUT_TOO_LARGE");
    expect(rejected?.reason.message).toContain("1500");
    expect(processor.health().deadLetters).toEqual({ OUTPUT_TOO_LARGE: 1 });
  });

  // Found by bench/fuzz: the DLQ record of a record whose header alone is 700 KB was over the
  // broker's limit even without the value; its write failed on every restart and the partition
  // stalled until the processor gave up.
  test("a rejected record with a header too large to copy goes to the DLQ without it; the partition moves on", async ({
    kafka,
    admin,
    createTopic,
    uniqueId,
  }) => {
    const input = await createTopic({ name: "in", partitions: 1 });
    const output = await createTopic({ name: "out", partitions: 1 });
    const dlq = await createTopic({ name: "dlq", partitions: 1 });
    const producer = kafka.producer();
    await producer.connect();
    try {
      await producer.send({
        topic: input,
        messages: [
          { key: "k0", value: "v0", partition: 0 },
          { key: "k1", value: "bad", headers: { ce_time: "9".repeat(700_000) }, partition: 0 },
          { key: "k2", value: "v2", partition: 0 },
        ],
      });
    } finally {
      await producer.disconnect();
    }
    const processor = new TransactionalProcessor({
      kafka,
      logger,
      groupId: `huge-header-${uniqueId}`,
      transactionalId: `huge-header-${uniqueId}`,
      topics: [input],
      deadLetter: { topic: dlq, source: "/takedown/test", rejectedBy: "test" },
      poisonAttempts: 1,
      processBatch: ({ messages }) => {
        if (messages.some((m) => m.value!.toString() === "bad"))
          throw new Error("ce_time is not RFC 3339");
        return { records: messages.map((m) => noticeOf(output, m.value!.toString())) };
      },
    });
    await processor.start();
    try {
      await awaitConsumed(admin, `huge-header-${uniqueId}`, input);
    } finally {
      await processor.stop();
    }
    const seen = await readToEnd(kafka, output);
    expect(seen.map((m) => m.key!.toString()).sort()).toEqual(["v0", "v2"]);
    const [rejected, ...more] = rejectionsIn(await readToEnd(kafka, dlq));
    expect(more).toEqual([]);
    expect(rejected?.original).toMatchObject({ offset: "1", keyBase64: null, headers: [] });
    expect(rejected?.reason.code).toBe("PROCESSING_FAILED");
    expect(rejected?.reason.message).toContain("1 headers left out; read it at");
  });

  test("a record that fails every time goes to the DLQ after bounded retries; all others are processed", async ({
    kafka,
    admin,
    createTopic,
    uniqueId,
  }) => {
    const input = await createTopic({ name: "in", partitions: 1 });
    const output = await createTopic({ name: "out", partitions: 1 });
    const dlq = await createTopic({ name: "dlq", partitions: 1 });
    const values = Array.from({ length: 200 }, (_, i) => (i === 123 ? "poison" : `v${i}`));
    await sendInputs(kafka, input, values);
    let attemptsAlone = 0;
    const processor = new TransactionalProcessor({
      kafka,
      logger,
      groupId: `poison-${uniqueId}`,
      transactionalId: `poison-${uniqueId}`,
      topics: [input],
      deadLetter: { topic: dlq, source: "/takedown/test", rejectedBy: "test" },
      poisonAttempts: 3,
      processBatch: ({ messages }) => {
        if (messages.some((m) => m.value!.toString() === "poison")) {
          if (messages.length === 1) attemptsAlone += 1;
          throw new Error("cannot parse this record");
        }
        return { records: messages.map((m) => noticeOf(output, m.value!.toString())) };
      },
    });
    await processor.start();
    try {
      await awaitConsumed(admin, `poison-${uniqueId}`, input);
    } finally {
      await processor.stop();
    }
    expect(attemptsAlone).toBe(3);
    const seen = await readToEnd(kafka, output);
    expect(seen).toHaveLength(199);
    expect(new Set(seen.map((m) => m.key!.toString()))).toEqual(
      new Set(values.filter((v) => v !== "poison")),
    );
    const [rejected, ...more] = rejectionsIn(await readToEnd(kafka, dlq));
    expect(more).toEqual([]);
    expect(rejected?.original.offset).toBe("123");
    expect(rejected?.reason).toMatchObject({
      code: "PROCESSING_FAILED",
      message: "Error: cannot parse this record",
    });
    expect(rejected?.rejectedBy).toBe("test");
    expect(processor.health().deadLetters).toEqual({ PROCESSING_FAILED: 1 });
  });

  test("a transient fault is retried, past the poison attempts, and never sent to the DLQ", async ({
    kafka,
    admin,
    createTopic,
    uniqueId,
  }) => {
    const input = await createTopic({ name: "in", partitions: 1 });
    const output = await createTopic({ name: "out", partitions: 1 });
    const dlq = await createTopic({ name: "dlq", partitions: 1 });
    const values = Array.from({ length: 50 }, (_, i) => `v${i}`);
    await sendInputs(kafka, input, values);
    let faults = 5;
    const processor = new TransactionalProcessor({
      kafka,
      logger,
      groupId: `transient-${uniqueId}`,
      transactionalId: `transient-${uniqueId}`,
      topics: [input],
      deadLetter: { topic: dlq, source: "/takedown/test", rejectedBy: "test" },
      poisonAttempts: 2,
      recovery: { initialDelayMs: 20, transientAttempts: 8 },
      processBatch: ({ messages }) => {
        // The way a store that is briefly away answers: retryable, per the packages' errors.ts.
        if (faults > 0) {
          faults -= 1;
          throw createKafkaError("KAFKA_UNREACHABLE", { detail: "simulated outage" });
        }
        return { records: messages.map((m) => noticeOf(output, m.value!.toString())) };
      },
    });
    await processor.start();
    try {
      await awaitConsumed(admin, `transient-${uniqueId}`, input);
    } finally {
      await processor.stop();
    }
    expect(faults).toBe(0);
    expect(await readToEnd(kafka, output)).toHaveLength(50);
    expect(await readToEnd(kafka, dlq)).toEqual([]);
    const health = processor.health();
    expect(health.retries.transient).toBe(5);
    expect(health.deadLetters).toEqual({});
  });
});
