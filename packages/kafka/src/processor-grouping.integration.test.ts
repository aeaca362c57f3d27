import { describe, expect } from "vitest";
import { integrationTest as test } from "@takedown/test-kit";
import { createLogger } from "@takedown/logger";
import {
  awaitConsumed,
  noticeOf,
  readToEnd,
  sendInputs,
} from "./processor-test-bed.test-support.js";
import { TransactionalProcessor } from "./transactional-processor.js";

const logger = createLogger({ service: "test", level: "silent" });
const PARTITIONS = [0, 1, 2, 3, 4, 5];

async function sendToEveryPartition(
  kafka: Parameters<typeof sendInputs>[0],
  topic: string,
  perPartition: number,
  valueOf: (partition: number, index: number) => string = (p, i) => `p${p}-v${i}`,
): Promise<string[]> {
  const all: string[] = [];
  for (const partition of PARTITIONS) {
    const values = Array.from({ length: perPartition }, (_, i) => valueOf(partition, i));
    await sendInputs(kafka, topic, values, partition);
    all.push(...values);
  }
  return all;
}

describe("TransactionalProcessor with groupPartitions", () => {
  test("the partitions of a fetch share transactions; megabytes of output commit exactly once", async ({
    kafka,
    admin,
    createTopic,
    uniqueId,
  }) => {
    const input = await createTopic({ name: "in", partitions: PARTITIONS.length });
    const output = await createTopic({ name: "out", partitions: 3 });
    const values = await sendToEveryPartition(kafka, input, 1000);
    const groupId = `grouped-${uniqueId}`;
    let batches = 0;
    const committedPerPartition = new Map<number, number>();
    const processor = new TransactionalProcessor({
      kafka,
      logger,
      groupId,
      transactionalId: groupId,
      topics: [input],
      groupPartitions: true,
      processBatch: ({ partition, messages }) => {
        batches += 1;
        return {
          records: messages.map((m) => noticeOf(output, m.value!.toString())),
          onCommit: () =>
            committedPerPartition.set(
              partition,
              (committedPerPartition.get(partition) ?? 0) + messages.length,
            ),
        };
      },
    });
    await processor.start();
    try {
      await awaitConsumed(admin, groupId, input);
    } finally {
      await processor.stop();
    }
    const seen = await readToEnd(kafka, output, [0, 1, 2]);
    expect(seen).toHaveLength(values.length);
    expect(new Set(seen.map((m) => m.key!.toString()))).toEqual(new Set(values));
    expect([...committedPerPartition.values()]).toEqual(PARTITIONS.map(() => 1000));
    // 12 MB of output: more than one transaction (8 MiB each at most), fewer than batches.
    const { transactions } = processor.health();
    expect(transactions).toBeGreaterThan(1);
    expect(transactions).toBeLessThan(batches);
  });

  test("a record that fails every time leaves the group: it goes to the DLQ, the rest commits once", async ({
    kafka,
    admin,
    createTopic,
    uniqueId,
  }) => {
    const input = await createTopic({ name: "in", partitions: PARTITIONS.length });
    const output = await createTopic({ name: "out", partitions: 1 });
    const dlq = await createTopic({ name: "dlq", partitions: 1 });
    const values = await sendToEveryPartition(kafka, input, 300, (p, i) =>
      p === 2 && i === 150 ? "poison" : `p${p}-v${i}`,
    );
    const groupId = `grouped-poison-${uniqueId}`;
    const processor = new TransactionalProcessor({
      kafka,
      logger,
      groupId,
      transactionalId: groupId,
      topics: [input],
      groupPartitions: true,
      deadLetter: { topic: dlq, source: "/takedown/test", rejectedBy: "test" },
      poisonAttempts: 2,
      processBatch: ({ messages }) => {
        if (messages.some((m) => m.value!.toString() === "poison"))
          throw new Error("cannot parse this record");
        return { records: messages.map((m) => noticeOf(output, m.value!.toString())) };
      },
    });
    await processor.start();
    try {
      await awaitConsumed(admin, groupId, input);
    } finally {
      await processor.stop();
    }
    const seen = await readToEnd(kafka, output);
    expect(seen.map((m) => m.key!.toString()).sort()).toEqual(
      values.filter((v) => v !== "poison").sort(),
    );
    const rejected = await readToEnd(kafka, dlq);
    expect(rejected).toHaveLength(1);
    expect(rejected[0]?.value?.toString()).toContain('"partition":2');
    expect(processor.health().deadLetters).toEqual({ PROCESSING_FAILED: 1 });
  });
});
