import { createLogger } from "@takedown/logger";
import { RecordWriter, type Kafka, type RecordToSend } from "@takedown/kafka";
import { awaitCondition, integrationTest as test } from "@takedown/test-kit";
import type { InfraDescription } from "@takedown/test-kit";
import { NoteSigner, generateNoteKey } from "@takedown/transparency-log";
import { describe, expect } from "vitest";
import {
  ArchivedLogReader,
  S3Archive,
  findLatestWatermark,
  runAuditCli,
} from "@takedown/audit-tools";
import { AuditService } from "./audit-service.js";
import {
  pipelineTopicOfTestTopic,
  sampleRecord,
  testTopicPattern,
} from "./pipeline-records.test-support.js";

const ORIGIN = "audit.takedown.test/log";
const logger = createLogger({
  service: "audit-test",
  level: (process.env["AUDIT_TEST_LOG"] ?? "warn") as "warn",
});
const fmt = (n: bigint | number) => n.toLocaleString("en-US");

/** `takedown audit verify …` as an auditor runs it, against this test's bucket and topics. */
async function verifyCli(
  infra: InfraDescription,
  options: { bucket: string; verifierKey: string; uniqueId: string },
  args: string[],
): Promise<{ code: number; out: string; err: string }> {
  let [out, err] = ["", ""];
  const code = await runAuditCli(
    [
      "verify",
      ...args,
      "--verifier-key",
      options.verifierKey,
      "--topics",
      testTopicPattern(options.uniqueId).source,
    ],
    {
      env: {
        KAFKA_BROKERS: infra.kafkaBrokers.join(","),
        KAFKA_ADMIN_USER: infra.kafkaAdmin.username,
        KAFKA_ADMIN_PASSWORD: infra.kafkaAdmin.password,
        S3_ENDPOINT: infra.s3.endpoint,
        S3_REGION: infra.s3.region,
        S3_ACCESS_KEY_ID: infra.s3.accessKeyId,
        S3_SECRET_ACCESS_KEY: infra.s3.secretAccessKey,
        S3_BUCKET_AUDIT: options.bucket,
        AUDIT_ORIGIN: ORIGIN,
      },
      out: (text) => (out += text),
      err: (text) => (err += text),
    },
  );
  return { code, out, err };
}

/** Sends `count` records to one partition; returns the offset of the first. */
async function sendTo(
  kafka: Kafka,
  topic: string,
  partition: number,
  count: number,
  type: Parameters<typeof sampleRecord>[0],
): Promise<bigint> {
  const producer = new RecordWriter(kafka);
  await producer.start();
  try {
    let first: bigint | undefined;
    for (let sent = 0; sent < count; sent += 500) {
      const messages: RecordToSend[] = Array.from(
        { length: Math.min(500, count - sent) },
        (_, i) => ({
          ...sampleRecord(type, `${topic}-${partition}-${sent + i}-${Date.now()}`),
          partition,
        }),
      );
      const [metadata] = await producer.send(topic, messages);
      first ??= BigInt(metadata?.baseOffset ?? "-1");
    }
    return first ?? -1n;
  } finally {
    await producer.stop();
  }
}

describe("audit log completeness on the real broker and S3", () => {
  test(
    "verify --completeness passes once thousands of records are covered, and names a gap and a lag",
    { timeout: 300_000 },
    async ({ kafka, admin, s3, bucket, infra, createTopic, uniqueId }) => {
      const targets = await createTopic({ name: "targets", partitions: 3 });
      const cases = await createTopic({ name: "cases", partitions: 2 });
      const logTopic = await createTopic({ name: "auditlog", partitions: 1 });
      const tickTopic = await createTopic({ name: "ticks", partitions: 1 });
      const keys = generateNoteKey(ORIGIN);
      const archive = new S3Archive({ client: s3, bucket });
      const groupId = `audit-${uniqueId}`;
      const newService = () =>
        new AuditService({
          kafka,
          archive,
          signer: NoteSigner.fromSignerKey(keys.signerKey),
          origin: ORIGIN,
          logger,
          logTopic,
          sourceTopics: [testTopicPattern(uniqueId)],
          tickTopic,
          watermarkIntervalMs: 400,
          watermarkEveryEntries: 1000,
          groupId,
          transactionalId: groupId,
          checkpointEveryEntries: 1000,
          checkpointIntervalMs: 300,
          metadataMaxAgeMs: 500,
          topicPollIntervalMs: 300,
          pipelineTopicOf: pipelineTopicOfTestTopic,
        });
      const cli = (args: string[]) =>
        verifyCli(infra, { bucket, verifierKey: keys.verifierKey, uniqueId }, args);
      const reader = new ArchivedLogReader({ source: archive, verifierKey: keys.verifierKey });
      /** Waits for an archived watermark that expects at least `next` of every partition named. */
      const awaitWatermark = (next: Map<string, bigint>) =>
        awaitCondition(
          async () => {
            const { checkpoint } = await reader.latestCheckpoint();
            const { watermark } = await findLatestWatermark(reader, checkpoint.size);
            const claims = new Map<string, bigint>(
              (watermark?.watermark?.topics ?? []).flatMap((t) =>
                t.partitions.map((p) => [`${t.topic}[${p.partition}]`, BigInt(p.next)]),
              ),
            );
            return [...next].every(([name, offset]) => (claims.get(name) ?? -1n) >= offset);
          },
          { timeoutMs: 120_000, intervalMs: 250, what: "a watermark covering every record sent" },
        );

      // Thousands of records: plain ones on targets, transactions on cases, so its offsets hold
      // commit markers and aborted records that are no gap.
      for (let partition = 0; partition < 3; partition++)
        await sendTo(kafka, targets, partition, 1000, "target.submitted");
      const transactional = kafka.producer({
        transactionalId: `cases-${uniqueId}`,
        idempotent: true,
        maxInFlightRequests: 1,
      });
      await transactional.connect();
      for (let t = 0; t < 12; t++) {
        const transaction = await transactional.transaction();
        await transaction.send({
          topic: cases,
          messages: Array.from({ length: 100 }, (_, i) => ({
            ...sampleRecord("case.opened", `${cases}-${t}-${i}`),
            partition: i % 2,
          })),
        });
        if (t === 5) await transaction.abort();
        else await transaction.commit();
      }
      await transactional.disconnect();
      const expected = new Map<string, bigint>();
      for (const { partition, high } of await admin.fetchTopicOffsets(targets))
        expected.set(`${targets}[${partition}]`, BigInt(high));
      // The last offset of each cases partition is the last transaction's commit marker.
      for (const { partition, high } of await admin.fetchTopicOffsets(cases))
        expected.set(`${cases}[${partition}]`, BigInt(high) - 1n);
      // 12 transactions of 50 records and a marker per partition (one aborted).
      expect(expected.get(`${cases}[0]`)).toBe(12n * 51n - 1n);

      const service = newService();
      await service.start();
      try {
        await awaitWatermark(expected);
        // Retention removed the start of one partition: its log entries can no longer be compared.
        await admin.deleteTopicRecords({
          topic: targets,
          partitions: [{ partition: 0, offset: "100" }],
        });
        const complete = await cli(["--completeness"]);
        expect(complete.out).toContain(
          `complete: 5 source partitions, every record below the watermark of entry`,
        );
        expect(complete.out).toContain("in the log once, behind by 0\n");
        expect(complete.out).toContain(
          `note: ${targets}[0]: 100 log entries below the topic's first offset 100 (removed by retention) not compared`,
        );
        expect(complete.code).toBe(0);
        const plain = await cli([]);
        expect(plain.code).toBe(0);
        expect(plain.err).not.toContain("warning");
        expect(plain.out).toMatch(/^ok: [0-9]+ entries/);
        const strict = await cli(["--max-age", "0"]);
        expect(strict.code).toBe(0);
        expect(strict.err).toMatch(
          /warning: the latest watermark \(entry [0-9,]+, [0-9T:.Z-]+\) is [0-9a-z]+ old: the log may have stopped following its topics/,
        );
      } finally {
        await service.stop();
      }

      // Records sent while audit is down, then skipped: its group offset is moved past them.
      const skippedFirst = await sendTo(kafka, cases, 1, 200, "case.opened");
      await admin.setOffsets({
        groupId,
        topic: cases,
        partitions: [{ partition: 1, offset: String(skippedFirst + 200n) }],
      });
      const afterFirst = await sendTo(kafka, cases, 1, 50, "case.opened");
      expect(afterFirst).toBe(skippedFirst + 200n);
      const restarted = newService();
      await restarted.start();
      try {
        await awaitWatermark(new Map([[`${cases}[1]`, afterFirst + 50n]]));
      } finally {
        await restarted.stop();
      }
      const gap = `${cases}[1]: offsets ${fmt(skippedFirst)}–${fmt(skippedFirst + 199n)} missing from the log`;
      const withGap = await cli(["--completeness"]);
      expect(withGap.code).toBe(1);
      expect(withGap.out).toContain("FAILED completeness (1 problem):\n");
      expect(withGap.out).toContain(`  ${gap}\n`);

      // Audit stopped: what arrives now is lag, named per partition, failing past the tolerance.
      const laggingFirst = await sendTo(kafka, targets, 2, 40, "target.submitted");
      const behind = await cli(["--completeness"]);
      expect(behind.code).toBe(1);
      expect(behind.out).toContain(`  ${gap}\n`);
      expect(behind.out).toContain(
        `  behind by 40 records (tolerance 0): ${targets}[2] 40 from offset ${fmt(laggingFirst)} (oldest `,
      );
      const tolerated = await cli(["--completeness", "--max-behind", "40"]);
      expect(tolerated.out).toContain("FAILED completeness (1 problem):\n");
      expect(tolerated.out).toContain(`note: behind by 40 records (tolerance 40)`);
    },
  );
});
