import { describe, expect } from "vitest";
import { encodeEvent } from "@takedown/contracts";
import { adminKafkaEnv, awaitCondition, integrationTest as test } from "@takedown/test-kit";
import { DedupChildProcess, assertBuiltEntry } from "./dedup-child-process.test-support.js";
import { syntheticTargets } from "./synthetic-targets.js";
import { RecordWriter } from "@takedown/kafka";

describe("dedup that cannot recover", () => {
  test("exits 1 with a FATAL line instead of living on with a dead consumer", async ({
    kafka,
    admin,
    infra,
    createTopic,
    uniqueId,
  }) => {
    assertBuiltEntry();
    const topics = {
      targets: await createTopic({ name: "targets", partitions: 2 }),
      cases: await createTopic({ name: "cases", partitions: 2 }),
      dlq: await createTopic({ name: "dlq", partitions: 2 }),
      state: await createTopic({
        name: "dedup-state",
        partitions: 2,
        configs: { "cleanup.policy": "compact" },
      }),
    };
    const child = new DedupChildProcess({
      ...adminKafkaEnv(infra),
      LOG_LEVEL: "info",
      DEDUP_INSTANCE_ID: `fatal-${uniqueId}`,
      DEDUP_GROUP_ID: `dedup-${uniqueId}`,
      DEDUP_TARGETS_TOPIC: topics.targets,
      DEDUP_CASES_TOPIC: topics.cases,
      DEDUP_DLQ_TOPIC: topics.dlq,
      DEDUP_STATE_TOPIC: topics.state,
      DEDUP_PORT: "0",
      PROCESSOR_MAX_RESTARTS: "2",
      PROCESSOR_MAX_RECOVERY_SECONDS: "5",
    });
    const producer = new RecordWriter(kafka);
    await producer.start();
    child.start();
    try {
      await awaitCondition(() => child.output.join("").includes('"msg":"dedup started"'), {
        what: "dedup to start",
        timeoutMs: 45_000,
      });
      // The topic dedup writes its cases to disappears: no transaction can commit any more.
      await admin.deleteTopics({ topics: [topics.cases] });
      await producer.send(
        topics.targets,
        syntheticTargets({ count: 5, urls: 5, runId: uniqueId }).map((t) => encodeEvent(t)),
      );
      await awaitCondition(() => !child.running, {
        what: "dedup to exit",
        timeoutMs: 50_000,
      });
      const exit = await child.exit;
      const output = child.output.join("");
      expect(exit.code, output).toBe(1);
      const fatal = output
        .split("\n")
        .filter((line) => line.startsWith("{"))
        .map((line) => JSON.parse(line) as { level: string; err?: { message?: string } })
        .filter((line) => line.level === "fatal");
      expect(fatal).toHaveLength(1);
      expect(fatal[0]?.err?.message).toContain(`the processor could not recover`);
      expect(fatal[0]?.err?.message).toContain(`dedup-${uniqueId}`);
    } finally {
      if (child.running) await child.kill("SIGKILL");
      await producer.stop();
    }
  }, 120_000);
});
