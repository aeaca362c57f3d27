import {
  generateNoteKey,
  NoteSigner,
  NoteVerifier,
  openCheckpoint,
} from "@takedown/transparency-log";
import { createLogger } from "@takedown/logger";
import { DeleteObjectCommand } from "@takedown/s3";
import { awaitCondition, integrationTest as test } from "@takedown/test-kit";
import { describe, expect } from "vitest";
import { REJECTION_ATTRIBUTE } from "@takedown/audit-tools";
import { AuditService } from "./audit-service.js";
import {
  pipelineTopicOfTestTopic,
  readLogTopic,
  sampleRecord,
  testTopicPattern,
} from "./pipeline-records.test-support.js";
import { S3Archive } from "@takedown/audit-tools";
import { verifyArchivedLog } from "@takedown/audit-tools";
import { RecordWriter } from "@takedown/kafka";

const ORIGIN = "audit.takedown.test/log";
const logger = createLogger({
  service: "audit-test",
  level: (process.env["AUDIT_TEST_LOG"] ?? "warn") as "warn",
});

describe("audit service on the real broker and S3", () => {
  test("records every record of every pipeline topic exactly once, in a log that verifies", async ({
    kafka,
    s3,
    bucket,
    createTopic,
    uniqueId,
  }) => {
    const targets = await createTopic({ name: "targets", partitions: 3 });
    const cases = await createTopic({ name: "cases", partitions: 2 });
    const logTopic = await createTopic({ name: "auditlog", partitions: 1 });
    const tickTopic = await createTopic({ name: "ticks", partitions: 1 });
    const keys = generateNoteKey(ORIGIN);
    const archive = new S3Archive({ client: s3, bucket });
    const newService = () =>
      new AuditService({
        kafka,
        archive,
        signer: NoteSigner.fromSignerKey(keys.signerKey),
        origin: ORIGIN,
        logger,
        logTopic,
        sourceTopics: [testTopicPattern(uniqueId)],
        // No watermark here: this test counts entries exactly (see completeness tests).
        tickTopic,
        watermarkIntervalMs: 3_600_000,
        watermarkEveryEntries: 1_000_000,
        groupId: `audit-${uniqueId}`,
        transactionalId: `audit-${uniqueId}`,
        checkpointEveryEntries: 7,
        checkpointIntervalMs: 300,
        metadataMaxAgeMs: 500,
        topicPollIntervalMs: 300,
        pipelineTopicOf: pipelineTopicOfTestTopic,
      });
    const producer = new RecordWriter(kafka);
    await producer.start();
    const service = newService();
    await service.start();
    try {
      const sent = new Set<string>();
      const send = async (
        topic: string,
        type: Parameters<typeof sampleRecord>[0],
        count: number,
      ) => {
        const messages = Array.from({ length: count }, (_, i) => {
          const id = `${topic}-${i}`;
          sent.add(id);
          return sampleRecord(type, id);
        });
        await producer.send(topic, messages);
      };
      await send(targets, "target.submitted", 12);
      await send(cases, "case.opened", 8);
      await producer.send(targets, [
        { key: "k", value: Buffer.from("not json \u00ff"), headers: { ce_id: "broken-1" } },
      ]);
      // A platform topic that appears after the start is picked up without a restart.
      const notices = await createTopic({ name: "notices-x", partitions: 2 });
      await send(notices, "notice.issued", 5);
      const total = 12 + 8 + 1 + 5;

      await awaitCondition(
        async () =>
          (await archive.read("checkpoint")) !== undefined &&
          service.archiver.publishedSize === BigInt(total),
        { what: `a checkpoint of ${total} entries` },
      );
      const entries = await readLogTopic(kafka, logTopic);
      expect(entries.map((entry) => entry.index)).toEqual(
        Array.from({ length: total }, (_, i) => String(i)),
      );
      const positions = entries.map(
        (e) => `${e.source.topic}/${e.source.partition}/${e.source.offset}`,
      );
      expect(new Set(positions).size).toBe(total);
      const ids = entries.map((e) => e.attributes["id"]).filter((id) => id !== "broken-1");
      expect(new Set(ids)).toEqual(sent);
      expect(ids).toHaveLength(sent.size);
      const broken = entries.find((e) => e.attributes["id"] === "broken-1");
      expect(broken?.attributes[REJECTION_ATTRIBUTE]).toBe("MISSING_HEADER");
      expect(broken?.data).toMatchObject({
        valueBase64: Buffer.from("not json \u00ff").toString("base64"),
      });
      const valid = entries.find((e) => e.attributes["id"] === `${notices}-0`);
      expect(valid?.attributes).toMatchObject({
        type: "jp.takedown.notice.issued.v2",
        specversion: "1.0",
      });
      expect(valid?.data).toMatchObject({ platformId: "x" });

      const note = (await archive.read("checkpoint")) as Uint8Array;
      const opened = openCheckpoint(note, [NoteVerifier.fromVerifierKey(keys.verifierKey)], {
        origin: ORIGIN,
      });
      expect(opened.checkpoint.size).toBe(BigInt(total));
      const verification = await verifyArchivedLog({
        archive,
        verifierKey: keys.verifierKey,
        origin: ORIGIN,
      });
      expect(verification).toMatchObject({ ok: true, size: BigInt(total) });
      expect(verification.ok && verification.checkpointsVerified).toBeGreaterThan(2);

      // Crash after tiles but before the checkpoint: the archive shows its first checkpoint, the tiles of
      // the last publication are garbage. The restarted service republishes identical objects.
      await service.stop();
      const before = await archiveObjects(archive);
      const history = [...before.keys()].filter((path) => path.startsWith("checkpoints/"));
      const rolledBackTo = history[0] as string;
      for (const path of history.filter((p) => p > rolledBackTo)) {
        await s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: path }));
      }
      await archive.write(
        "checkpoint",
        Buffer.from(before.get(rolledBackTo) as string, "base64"),
        "text/plain",
      );
      const lastTiles = [...before.keys()].filter((path) => path.endsWith(`.p/${total}`));
      expect(lastTiles.length).toBeGreaterThanOrEqual(2);
      for (const path of lastTiles) await archive.write(path, Buffer.from("garbage"), "x");

      const restarted = newService();
      await restarted.start();
      try {
        await awaitCondition(() => restarted.archiver.publishedSize === BigInt(total), {
          what: "the restarted service's checkpoint",
        });
        const republished = await archiveObjects(archive);
        for (const [path, bytes] of republished)
          expect([path, bytes]).toEqual([path, before.get(path)]);

        await send(targets, "target.submitted", 3);
        await awaitCondition(() => restarted.archiver.publishedSize === BigInt(total + 3), {
          what: "a checkpoint after the restart",
        });
        const after = await readLogTopic(kafka, logTopic);
        expect(after.map((e) => e.index)).toEqual(
          Array.from({ length: total + 3 }, (_, i) => String(i)),
        );
        expect(after.slice(0, total)).toEqual(entries);
        expect(await verifyArchivedLog({ archive, verifierKey: keys.verifierKey })).toMatchObject({
          ok: true,
          size: BigInt(total + 3),
        });
      } finally {
        await restarted.stop();
      }
    } finally {
      await service.stop().catch(() => undefined);
      await producer.stop();
    }
  });
});

async function archiveObjects(archive: S3Archive): Promise<Map<string, string>> {
  const objects = new Map<string, string>();
  for (const path of await archive.list("")) {
    objects.set(
      path,
      Buffer.from((await archive.read(path)) ?? new Uint8Array()).toString("base64"),
    );
  }
  return objects;
}
