import { describe, expect } from "vitest";
import { awaitCondition, integrationTest as test } from "@takedown/test-kit";
import { createLogger } from "@takedown/logger";
import { TransactionalProcessor } from "./transactional-processor.js";

const logger = createLogger({ service: "test", level: "silent" });

describe("TransactionalProcessor assignment set-up", () => {
  test("a failing onAssigned is retried, and no batch is processed before it succeeds", async ({
    kafka,
    createTopic,
    uniqueId,
  }) => {
    const input = await createTopic({ name: "in", partitions: 2 });
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({
      topic: input,
      messages: Array.from({ length: 50 }, (_, i) => ({ key: `k${i}`, value: String(i) })),
    });
    await producer.disconnect();

    let attempts = 0;
    let restored = false;
    const seen: string[] = [];
    const beforeRestore: string[] = [];
    const processor = new TransactionalProcessor({
      kafka,
      logger,
      groupId: `assign-${uniqueId}`,
      transactionalId: `assign-${uniqueId}`,
      topics: [input],
      // The first two set-ups fail, as a state restore does when the broker briefly goes away.
      onAssigned: () => {
        attempts += 1;
        if (attempts <= 2) return Promise.reject(new Error(`restore failed (${attempts})`));
        restored = true;
        return Promise.resolve();
      },
      processBatch: ({ messages }) => {
        for (const m of messages) (restored ? seen : beforeRestore).push(m.value!.toString());
        return { records: [] };
      },
    });
    await processor.start();
    try {
      await awaitCondition(() => seen.length >= 50, { what: "all 50 inputs processed" });
      expect(new Set(seen).size).toBe(50);
      expect(beforeRestore).toEqual([]);
      expect(attempts).toBe(3);
    } finally {
      await processor.stop();
    }
  });
});
