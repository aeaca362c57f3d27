import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import {
  createEvent,
  decodeEvent,
  encodeEvent,
  noticesTopic,
  responsesTopic,
  topics,
  type AnyTakedownEvent,
  type TakedownEvent,
} from "@takedown/contracts";
import type { BareKafka as Kafka } from "@takedown/kafka/bare-client";
import { awaitCondition } from "@takedown/test-kit";
import { describe, expect, it } from "vitest";
import { evidenceBytes } from "./intake-client.js";
import { leaks } from "./raw-byte-scan.test-support.js";
import { SERVICE_NAMES } from "./pipeline-services.js";
import { PipelineUnderTest } from "./pipeline-under-test.js";

const repo = fileURLToPath(new URL("../../..", import.meta.url));

/**
 * Issue 13: a canary request with unique personal data goes through the whole pipeline to a
 * platform's answer; then every raw byte the system wrote (broker log dirs, the S3 server's
 * files, the services' logs) is scanned for it. Only the dossier and the evidence in S3 may
 * hold it.
 */
describe("privacy canary", () => {
  it("leaves personal data only in the dossier and evidence objects in S3", async () => {
    for (const name of SERVICE_NAMES)
      expect(existsSync(join(repo, "services", name, "dist", "main.js")), name).toBe(true);
    const tag = randomBytes(6).toString("hex");
    const canary = {
      victim: `山田カナリア${tag}`,
      email: `canary-${tag}@example.go.jp`,
      description: `カナリア説明${tag}：虚偽の犯罪歴を摘示する投稿`,
      note: `カナリア備考${tag}`,
      legalBasisText: `カナリア法的根拠${tag}`,
      evidence: `CANARY-EVIDENCE-${tag}`,
    };
    const pipeline = await PipelineUnderTest.start({
      repo,
      purpose: `privacy-canary-${tag}`,
      brokers: 1,
      print: () => undefined,
    });
    let consumer: ReturnType<Kafka["consumer"]> | undefined;
    try {
      const intakeUrl = pipeline.services.intakeUrl;
      const apiKey = Object.values(pipeline.apiKeys)[0] ?? "";
      const evidence = Buffer.concat([evidenceBytes(tag), Buffer.from(canary.evidence)]);
      const uploaded = await fetch(`${intakeUrl}/v1/evidence`, {
        method: "POST",
        headers: { authorization: `Bearer ${apiKey}`, "content-type": "image/png" },
        body: evidence,
      });
      expect(uploaded.status).toBe(201);
      const { evidenceId } = (await uploaded.json()) as { evidenceId: string };
      const submitted = await fetch(`${intakeUrl}/v1/requests`, {
        method: "POST",
        headers: {
          authorization: `Bearer ${apiKey}`,
          "content-type": "application/json",
          "takedown-actor": `stf_${tag}`,
        },
        body: JSON.stringify({
          targets: [{ url: `https://x.com/canary_${tag}/status/1`, note: canary.note }],
          category: "defamation",
          classification: "rights_infringement",
          legalBasis: "other",
          legalBasisText: canary.legalBasisText,
          requestedAction: "remove",
          description: canary.description,
          evidence: [evidenceId],
          contact: { name: "担当 花子", email: canary.email },
          victim: { name: canary.victim },
        }),
      });
      expect(submitted.status, await submitted.clone().text()).toBe(202);
      const { requestId } = (await submitted.json()) as { requestId: string };

      // The platform reads its notice, fetches what it needs through the links, and answers.
      const seen: AnyTakedownEvent[] = [];
      consumer = pipeline.kafka.consumer({ groupId: `canary-${tag}`, readUncommitted: false });
      await consumer.connect();
      await consumer.subscribe({
        topics: [noticesTopic("x"), topics.cases, topics.auditLog],
        fromBeginning: true,
      });
      await consumer.run({
        eachMessage: ({ message }) => {
          const decoded = decodeEvent(message);
          if (decoded.ok) seen.push(decoded.event);
          return Promise.resolve();
        },
      });
      const notice = await awaitCondition(
        () =>
          seen.find(
            (e): e is TakedownEvent<"notice.issued"> =>
              e.type === "notice.issued" && e.data.requests[0]?.requestId === requestId,
          ),
        { what: "the canary's notice", timeoutMs: 120_000 },
      );
      const member = notice.data.requests[0]!;
      expect(member.actorId).toBe(`stf_${tag}`);
      const details = await fetch(member.details!.downloadUrl);
      expect(details.status).toBe(200);
      const part = (await details.json()) as Record<string, unknown>;
      expect(part).toMatchObject({
        description: canary.description,
        note: canary.note,
        legalBasisText: canary.legalBasisText,
        victim: { name: canary.victim },
      });
      expect(JSON.stringify(part)).not.toContain(canary.email);
      const fetched = await fetch(notice.data.evidence[0]!.downloadUrl);
      expect(Buffer.from(await fetched.arrayBuffer()).equals(evidence)).toBe(true);

      const producer = pipeline.kafka.producer();
      await producer.connect();
      const response = createEvent(
        "response.submitted",
        {
          caseId: notice.data.caseId,
          contentKey: notice.data.contentKey,
          platformId: "x",
          noticeRevision: 1,
          action: "removed",
          reasonCode: "illegal_content",
          actedAt: new Date().toISOString(),
        },
        { source: "/platforms/x" },
      );
      const record = encodeEvent(response);
      await producer.send({
        topic: responsesTopic("x"),
        messages: [{ key: record.key, value: record.value, headers: record.headers }],
      });
      await producer.disconnect();
      await awaitCondition(
        () =>
          seen.some(
            (e) =>
              e.type === "audit.entry" &&
              e.data.attributes["type"] === "jp.takedown.case.state_changed.v1" &&
              (e.data.data as { to?: string } | null)?.to === "removed",
          ),
        { what: "the answer's state change in the audit log", timeoutMs: 120_000 },
      );
      await consumer.disconnect();
      consumer = undefined;

      // Everything is on disk once the services and servers have stopped.
      await pipeline.stop({ keep: true });
      const { found, scanned } = await leaks(pipeline.dataDir, Object.values(canary));
      // The scan covered the broker's segments, the services' logs and the S3 server's files.
      for (const where of [
        /takedown\.targets\.v1-\d+\/\d+\.log$/,
        /takedown\.notices\.x\.v1-\d+\/\d+\.log$/,
        /takedown\.audit\.log\.v1-0\/\d+\.log$/,
        /^logs\/intake\.log$/,
        /^logs\/routing\.log$/,
        /dossiers\/dos_[0-9A-Z]{26}\/dossier\.json/,
        /tile\/entries\//,
      ])
        expect(
          scanned.some((file) => where.test(file)),
          String(where),
        ).toBe(true);
      const allowed = (file: string) =>
        file.includes(`dossiers/dos_${requestId.slice(4)}/`) ||
        file.includes(`sha256/${evidenceId.slice(7)}`);
      expect(found.filter((f) => !allowed(f.file))).toEqual([]);
      // The scan does find the canary where it must be (it would pass vacuously otherwise).
      expect(new Set(found.map((f) => f.canary))).toEqual(new Set(Object.values(canary)));
    } finally {
      await consumer?.disconnect().catch(() => undefined);
      await pipeline.stop().catch(() => undefined);
    }
  }, 600_000);
});
