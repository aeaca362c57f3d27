import { describe, expect } from "vitest";
import { integrationTest as test } from "@takedown/test-kit";
import { createLogger } from "@takedown/logger";
import { createKafka } from "./create-kafka.js";
import { kafkaClientLog } from "./kafka-client-log.js";
import { awaitConsumed } from "./processor-test-bed.test-support.js";
import { TransactionalProcessor } from "./transactional-processor.js";
import { bareClientOf } from "./bare-client.js";

interface LogLine {
  level: string;
  msg?: string;
  component?: string;
}

describe("kafkajs log levels", () => {
  test("a processor committing small transactions back to back logs no ERROR line", async ({
    infra,
    admin,
    createTopic,
    uniqueId,
  }) => {
    const lines: LogLine[] = [];
    const logger = createLogger({
      service: "test",
      level: "debug",
      destination: { write: (line: string) => void lines.push(JSON.parse(line) as LogLine) },
    });
    const kafka = bareClientOf(
      createKafka({
        brokers: infra.kafkaBrokers,
        sasl: { mechanism: "scram-sha-512", ...infra.kafkaAdmin },
        clientId: `quiet-${uniqueId}`,
        logger,
        retries: 3,
      }),
    );
    const input = await createTopic({ name: "ticks", partitions: 3 });
    const output = await createTopic({ name: "out", partitions: 3 });
    const groupId = `quiet-${uniqueId}`;
    const processor = new TransactionalProcessor({
      kafka,
      logger,
      groupId,
      transactionalId: groupId,
      topics: [input],
      // Fetch whatever is there at once (the default waits up to 100 ms for 64 KiB, which
      // would gather the rounds into a few transactions): small transactions back to back.
      fetchMinBytes: 1,
      processBatch: ({ partition, messages }) => ({
        records: messages.map((m) => ({ topic: output, key: m.key, value: `${partition}` })),
      }),
    });
    // Like routing's deadline ticker: one record per partition at once, over and over, so each
    // round is three transactions on one transactional id right after each other.
    const ticker = kafka.producer();
    await processor.start();
    await ticker.connect();
    try {
      for (let round = 0; round < 40; round += 1) {
        await ticker.send({
          topic: input,
          messages: [0, 1, 2].map((partition) => ({ key: `t${round}`, value: "tick", partition })),
        });
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      await awaitConsumed(admin, groupId, input);
    } finally {
      await ticker.disconnect();
      await processor.stop();
    }
    expect(processor.health().transactions).toBeGreaterThanOrEqual(10);
    const errors = lines.filter((line) => line.level === "error" || line.level === "fatal");
    expect(errors).toEqual([]);
    // Back-to-back transactions meet the coordinator still writing the last one's markers: the
    // condition kafkajs logs at ERROR arose, and is at debug and counted instead.
    const conditions = kafkaClientLog(kafka).expectedConditions();
    expect(conditions.CONCURRENT_TRANSACTIONS).toBeGreaterThan(0);
    const counted = Object.values(conditions).reduce((sum, n) => sum + n, 0);
    const debugFromKafkajs = lines.filter((l) => l.component === "kafkajs" && l.level === "debug");
    expect(debugFromKafkajs).toHaveLength(counted);
  });
});
