import { ApiKeyAuthenticator } from "@takedown/api-keys";
import { S3Archive, loadAuditSettings } from "@takedown/audit-tools";
import { createLogger } from "@takedown/logger";
import { awaitCondition, integrationTest as test } from "@takedown/test-kit";
import { generateNoteKey } from "@takedown/transparency-log";
import { describe, expect } from "vitest";
import { buildApp } from "./app.js";
import { sampleRecord, testTopicPattern } from "./pipeline-records.test-support.js";
import { RecordWriter } from "@takedown/kafka";

const ORIGIN = "audit.takedown.test/log";
const logger = createLogger({
  service: "audit-test",
  level: (process.env["AUDIT_TEST_LOG"] ?? "warn") as "warn",
});

describe("audit lag on the audit service's /metrics and /readyz", () => {
  test("shows each source partition's lag, and is not ready while it stays past the bound", async ({
    kafka,
    admin,
    s3,
    bucket,
    createTopic,
    uniqueId,
  }) => {
    const targets = await createTopic({ name: "targets", partitions: 2 });
    const logTopic = await createTopic({ name: "auditlog", partitions: 1 });
    // Not created here: the service creates its tick topic when it is missing.
    const tickTopic = `test.ticks.${uniqueId}.auto.v1`;
    const settings = loadAuditSettings({
      AUDIT_ORIGIN: ORIGIN,
      AUDIT_LOG_TOPIC: logTopic,
      AUDIT_TICK_TOPIC: tickTopic,
      AUDIT_PORT: "0",
      AUDIT_CHECKPOINT_INTERVAL_SECONDS: "1",
      AUDIT_LAG_POLL_SECONDS: "1",
      AUDIT_READY_MAX_LAG: "10",
      AUDIT_READY_MAX_LAG_SECONDS: "1",
    });
    const app = buildApp({
      kafka,
      archive: new S3Archive({ client: s3, bucket }),
      logger,
      settings,
      signerKey: generateNoteKey(ORIGIN).signerKey,
      sourceTopics: [testTopicPattern(uniqueId)],
      groupId: `audit-${uniqueId}`,
      transactionalId: `audit-${uniqueId}`,
      // No auditor needed: this test reads only the operational routes.
      auditors: new ApiKeyAuthenticator({ keys: [] }),
    });
    const producer = new RecordWriter(kafka);
    await producer.start();
    const send = (partition: number, count: number) =>
      producer.send(
        targets,
        Array.from({ length: count }, (_, i) => ({
          ...sampleRecord("target.submitted", `${partition}-${i}-${Date.now()}`),
          partition,
        })),
      );
    await app.start();
    try {
      const [ticks] = (await admin.fetchTopicMetadata({ topics: [tickTopic] })).topics;
      expect(ticks?.partitions).toHaveLength(1);
      const lagOf = async (partition: number): Promise<number | undefined> => {
        const text = await (await fetch(`${app.api.address}/metrics`)).text();
        const line = text
          .split("\n")
          .find((l) =>
            l.startsWith(
              `takedown_audit_lag_offsets{topic="${targets}",partition="${partition}"} `,
            ),
          );
        return line === undefined ? undefined : Number(line.split(" ").at(-1));
      };
      const readyz = async () => {
        const answer = await fetch(`${app.api.address}/readyz`);
        return { status: answer.status, body: (await answer.json()) as Record<string, unknown> };
      };

      await send(0, 30);
      await send(1, 5);
      await awaitCondition(
        () => {
          const coverage = app.service.appender.coverage;
          return coverage?.next(targets, 0) === 30n && coverage.next(targets, 1) === 5n;
        },
        { what: "the log to hold every record sent" },
      );
      await awaitCondition(async () => (await lagOf(0)) === 0 && (await lagOf(1)) === 0, {
        what: "no lag once the log caught up",
      });
      expect(await readyz()).toMatchObject({ status: 200, body: { ready: true, maxLag: 0 } });

      // Audit stalls: the records sent now are lag, of their partition only.
      await app.service.appender.stop();
      await send(0, 25);
      await awaitCondition(async () => (await lagOf(0)) === 25, { what: "a lag of 25 on [0]" });
      expect(await lagOf(1)).toBe(0);
      const stalled = await awaitCondition(
        async () => {
          const answer = await readyz();
          return answer.status === 503 ? answer : undefined;
        },
        { what: "/readyz to fail once the lag stayed past 10 for over a second" },
      );
      expect(stalled.body).toMatchObject({ ready: false, maxLag: 25, logRestored: true });
      expect(typeof stalled.body["lagOverBoundSince"]).toBe("string");

      await app.service.appender.start();
      await awaitCondition(async () => (await readyz()).status === 200, {
        what: "/readyz to recover once the log caught up",
      });
      await awaitCondition(async () => (await lagOf(0)) === 0, { what: "no lag on [0] again" });
    } finally {
      await app.stop();
      await producer.stop();
      await admin.deleteTopics({ topics: [tickTopic] }).catch(() => undefined);
    }
  });
});
