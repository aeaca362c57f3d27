import { ApiKeyAuthenticator } from "@takedown/api-keys";
import { S3Archive, loadAuditSettings } from "@takedown/audit-tools";
import { generateNoteKey } from "@takedown/transparency-log";
import { createLogger } from "@takedown/logger";
import { awaitCondition, integrationTest as test } from "@takedown/test-kit";
import { describe, expect } from "vitest";
import { buildApp } from "./app.js";
import { sampleRecord, testTopicPattern } from "./pipeline-records.test-support.js";
import { RecordWriter } from "@takedown/kafka";

const logger = createLogger({ service: "audit-test", level: "silent" });

describe("audit operational endpoints", () => {
  test("/readyz and /metrics report the appender's consumer: running, committed, no lag", async ({
    kafka,
    s3,
    bucket,
    createTopic,
    uniqueId,
  }) => {
    const targets = await createTopic({ name: "targets", partitions: 2 });
    const logTopic = await createTopic({ name: "auditlog", partitions: 1 });
    const settings = loadAuditSettings({
      AUDIT_LOG_TOPIC: logTopic,
      AUDIT_PORT: "0",
      AUDIT_CHECKPOINT_INTERVAL_SECONDS: "1",
    });
    const app = buildApp({
      kafka,
      archive: new S3Archive({ client: s3, bucket }),
      logger,
      settings,
      auditors: new ApiKeyAuthenticator({ keys: [] }),
      signerKey: generateNoteKey(settings.AUDIT_ORIGIN).signerKey,
      sourceTopics: [testTopicPattern(uniqueId)],
      policies: {
        recovery: { maxRestarts: 10, maxRecoveryMs: 300_000 },
        readiness: { stallMs: 60_000 },
      },
    });
    const producer = new RecordWriter(kafka);
    await producer.start();
    await app.start();
    try {
      const base = app.api.address!;
      await producer.send(
        targets,
        Array.from({ length: 10 }, (_, i) => sampleRecord("target.submitted", `${uniqueId}-${i}`)),
      );
      await awaitCondition(
        () => {
          const [health] = app.service.health();
          const partitions = health?.partitions.filter((p) => p.topic === targets) ?? [];
          return partitions.length === 2 && partitions.every((p) => p.lag === 0);
        },
        { what: "the appender to catch up" },
      );
      const ready = await fetch(`${base}/readyz`);
      expect(ready.status, await ready.clone().text()).toBe(200);
      expect(await ready.json()).toMatchObject({
        ready: true,
        processors: [{ groupId: "takedown-audit", state: "running", lag: 0 }],
      });
      const metrics = await (await fetch(`${base}/metrics`)).text();
      expect(metrics).toContain(
        'takedown_consumer_state{group="takedown-audit",state="running"} 1',
      );
      for (const partition of [0, 1])
        expect(metrics).toContain(
          `takedown_consumer_lag{group="takedown-audit",topic="${targets}",partition="${partition}"} 0`,
        );
      expect(metrics).toMatch(
        /takedown_consumer_transactions_total\{group="takedown-audit"\} [1-9]/,
      );
      expect((await fetch(`${base}/healthz`)).status).toBe(200);
    } finally {
      await app.stop();
      await producer.stop();
    }
  });
});
