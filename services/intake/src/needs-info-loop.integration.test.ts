import { platformRegistrySchema } from "@takedown/config";
import {
  createEvent,
  encodeEvent,
  noticesTopic,
  responsesTopic,
  type TakedownEvent,
} from "@takedown/contracts";
import { buildApp as buildDedupApp } from "@takedown/dedup";
import { createKafka, restoreChangelog, type Kafka } from "@takedown/kafka";
import { createLogger } from "@takedown/logger";
import { readOperationalSettings } from "@takedown/operational-http";
import {
  buildApp as buildRoutingApp,
  presignedDetailsLinks,
  presignedEvidenceLinks,
} from "@takedown/routing";
import { adminSasl, awaitCondition, type Admin } from "@takedown/test-kit";
import { describe, expect } from "vitest";
import { requestStatusSchema } from "./http-schemas.js";
import {
  intakeTest as test,
  pngBytes,
  readEvents,
  requestBody,
  type HarnessTopics,
} from "./intake-harness.test-support.js";

// A fresh broker's coordinators load for a moment; the services retry, which is not news here.
const serviceLogger = createLogger({ service: "needs-info-test", level: "error" });

/** Every value byte of a topic as committed, to look for text that must never be there. */
async function topicBytes(kafka: Kafka, admin: Admin, topic: string): Promise<Buffer> {
  const chunks: Buffer[] = [];
  await restoreChangelog({
    kafka,
    topic,
    partitions: (await admin.fetchTopicOffsets(topic)).map((o) => o.partition),
    onRecord: ({ message }) => {
      if (message.value !== null) chunks.push(message.value);
    },
  });
  return Buffer.concat(chunks);
}

describe("the needs_info loop through intake, dedup and routing", () => {
  test(
    "a platform asks, the organ answers with text and a file, the platform gets a revised notice and the case is notified again",
    { timeout: 240_000 },
    async ({ kafka, admin, infra, s3, bucket, createTopic, uniqueId, launchIntake }) => {
      const platformId = `p${uniqueId}`;
      const host = `${platformId}.example.jp`;
      const platforms = platformRegistrySchema.parse({
        platforms: [
          {
            id: platformId,
            names: { ja: "P", en: "P" },
            domains: [host],
            sla: { default: "48h", byAction: {} },
            kafkaUser: `platform-${platformId}`,
          },
        ],
      });
      const topics: HarnessTopics = {
        targets: await createTopic({ name: "targets" }),
        idempotency: await createTopic({
          name: "idempotency",
          configs: { "cleanup.policy": "compact" },
        }),
        cases: await createTopic({ name: "cases" }),
        notices: await createTopic({ topic: noticesTopic(platformId) }),
        responses: await createTopic({ topic: responsesTopic(platformId) }),
        state: await createTopic({
          name: "status-state",
          configs: { "cleanup.policy": "compact" },
        }),
      };
      const dlq = await createTopic({ name: "dlq" });
      const dedupState = await createTopic({
        name: "dedup-state",
        configs: { "cleanup.policy": "compact" },
      });
      const routingTopics = {
        cases: topics.cases,
        triage: await createTopic({ name: "triage" }),
        dlq,
        rekeyedResponses: await createTopic({ name: "rekeyed" }),
        state: await createTopic({
          name: "routing-state",
          configs: { "cleanup.policy": "compact" },
        }),
        noticesOf: noticesTopic,
        responses: new RegExp(`^${topics.responses.replaceAll(".", "\\.")}$`),
      };
      // The services' own clients, with default retries, as the routing tests use.
      const serviceKafka = (name: string) =>
        createKafka({
          brokers: infra.kafkaBrokers,
          clientId: `${name}-${uniqueId}`,
          // Test topics are not granted to the service principals; the admin owns them.
          sasl: adminSasl(infra),
        });
      const dedup = buildDedupApp({
        kafka: serviceKafka("dedup"),
        logger: serviceLogger,
        settings: {
          instanceId: "0",
          groupId: `dedup-${uniqueId}`,
          topics: { targets: topics.targets, cases: topics.cases, dlq, state: dedupState },
          operational: readOperationalSettings(
            { DEDUP_PORT: "0" },
            { prefix: "DEDUP", defaultPort: 8081 },
          ),
        },
        onFatal: (error) => {
          throw error;
        },
      });
      const routing = buildRoutingApp({
        kafka: serviceKafka("routing"),
        logger: serviceLogger,
        platforms,
        topics: routingTopics,
        linkEvidence: presignedEvidenceLinks({ client: s3, bucket, expiresInSeconds: 600 }),
        linkDetails: presignedDetailsLinks({ client: s3, bucket, expiresInSeconds: 600 }),
        clock: () => new Date(),
        groupId: `routing-${uniqueId}`,
        instanceId: "0",
        tickIntervalMs: 60_000,
        metadataMaxAgeMs: 1000,
      });
      const producer = kafka.producer();
      await Promise.all([dedup.start(), routing.start(), producer.connect()]);
      try {
        const { intake, keyOf } = await launchIntake({ topics, platforms });
        const inject = intake.app.inject.bind(intake.app);
        const file = await inject({
          method: "POST",
          url: "/v1/evidence",
          headers: { authorization: keyOf.a, "content-type": "image/png" },
          payload: pngBytes,
        });
        expect(file.statusCode, file.body).toBe(201);
        const fileId = file.json<{ evidenceId: string }>().evidenceId;
        const submitted = await inject({
          method: "POST",
          url: "/v1/requests",
          headers: { authorization: keyOf.a },
          payload: requestBody({ targets: [{ url: `https://${host}/posts/1?utm_source=x` }] }),
        });
        expect(submitted.statusCode, submitted.body).toBe(202);
        const { requestId } = submitted.json<{ requestId: string }>();
        const targetId = `${requestId}#1`;
        const [issued] = await readEvents(kafka, admin, topics.notices, 1);
        if (issued?.event.type !== "notice.issued") throw new Error("no notice.issued");
        const notice = issued.event.data;

        const answer = (
          body: Record<string, unknown>,
          options: { organ?: string; actor?: string; id?: string } = {},
        ) =>
          inject({
            method: "POST",
            url: `/v1/requests/${options.id ?? requestId}/answers`,
            headers: {
              authorization: options.organ ?? keyOf.a,
              ...(options.actor !== undefined && { "takedown-actor": options.actor }),
            },
            payload: body,
          });
        const message = "元投稿のアーカイブを添付します。投稿者は被害者の元同僚 山田一郎 です。";
        const body = { targetId, message, evidence: [fileId] };
        const statusOf = async () => {
          const got = await inject({
            url: `/v1/requests/${requestId}`,
            headers: { authorization: keyOf.a },
          });
          return requestStatusSchema.parse(got.json()).targets[0];
        };
        await awaitCondition(async () => (await statusOf())?.caseState === "notified", {
          what: "the case notified",
        });
        // Nothing was asked yet: there is no question to answer.
        const early = await answer(body);
        expect(early.statusCode, early.body).toBe(409);
        expect(early.headers["content-type"]).toContain("application/problem+json");

        await producer.send({
          topic: topics.responses,
          acks: -1,
          messages: [
            encodeEvent(
              createEvent(
                "response.submitted",
                {
                  caseId: notice.caseId,
                  contentKey: notice.contentKey,
                  platformId,
                  noticeRevision: 1,
                  action: "needs_info",
                  reasonCode: "insufficient_information",
                  text: "Please send an archived copy of the post.",
                  automatedDecision: false,
                  actedAt: new Date().toISOString(),
                },
                { source: `/platforms/${platformId}` },
              ),
            ),
          ],
        });
        const asked = await awaitCondition(
          async () => {
            const target = await statusOf();
            return target?.caseState === "needs_info" ? target : undefined;
          },
          { what: "the case in needs_info", timeoutMs: 60_000 },
        );
        expect(asked.question).toEqual({
          reason: "insufficient_information",
          message: "Please send an archived copy of the post.",
        });

        // Another organ's request is not found; a bad actor header is refused naming it.
        const foreign = await answer(body, { organ: keyOf.b });
        expect(foreign.statusCode).toBe(404);
        const badActor = await answer(body, { actor: "staff 7" });
        expect(badActor.statusCode).toBe(400);
        expect(badActor.json()).toMatchObject({ field: "Takedown-Actor" });
        const unknownFile = await answer({ ...body, evidence: [`sha256:${"0".repeat(64)}`] });
        expect(unknownFile.statusCode).toBe(422);
        expect(unknownFile.json()).toMatchObject({ field: "/evidence/0" });

        const accepted = await answer(body, { actor: "stf_7Qx2Lm9Pa4" });
        expect(accepted.statusCode, accepted.body).toBe(202);
        const { answerId } = accepted.json<{ answerId: string }>();
        expect(answerId).toMatch(/^ans_/);

        const provided = (await readEvents(kafka, admin, topics.targets, 2)).find(
          (r) => r.event.type === "target.info_provided",
        )?.event as TakedownEvent<"target.info_provided"> | undefined;
        expect(provided?.data).toMatchObject({
          answerId,
          requestId,
          targetId,
          caseId: notice.caseId,
          organId: "organ-a",
          evidence: [fileId],
          actorId: "stf_7Qx2Lm9Pa4",
        });
        const messageId = provided?.data.messageEvidenceId ?? "";

        const revised = await awaitCondition(
          async () =>
            (await readEvents(kafka, admin, topics.notices, 2))
              .map((r) => r.event)
              .find(
                (e): e is TakedownEvent<"notice.revised"> =>
                  e.type === "notice.revised" && e.data.revisionReason === "information_provided",
              ),
          { what: "notice.revised for the answer", timeoutMs: 60_000 },
        );
        expect(revised.data.revision).toBe(2);
        expect(revised.data.answers).toEqual([
          expect.objectContaining({
            answerId,
            targetId,
            messageEvidenceId: messageId,
            evidence: [fileId],
          }),
        ]);
        const links = new Map(revised.data.evidence.map((e) => [e.evidenceId, e.downloadUrl]));
        const text = await fetch(links.get(messageId) ?? "");
        expect(text.status).toBe(200);
        expect(text.headers.get("content-type")).toBe("text/plain;charset=utf-8");
        expect(await text.text()).toContain(message);
        const png = await fetch(links.get(fileId) ?? "");
        expect(Buffer.from(await png.arrayBuffer()).equals(pngBytes)).toBe(true);

        const change = await awaitCondition(
          async () =>
            (await readEvents(kafka, admin, topics.cases, 1))
              .map((r) => r.event)
              .find(
                (e): e is TakedownEvent<"case.state_changed"> =>
                  e.type === "case.state_changed" && e.data.trigger === "information_provided",
              ),
          { what: "case.state_changed for the answer" },
        );
        expect(change.data).toMatchObject({ from: "needs_info", to: "notified" });
        await awaitCondition(async () => (await statusOf())?.caseState === "notified", {
          what: "GET to show the case notified again",
        });
        expect((await statusOf())?.question).toBeUndefined();

        // The answer's text is personal data: in S3 only, in no topic, in either spelling.
        const escaped = JSON.stringify(message).slice(1, -1);
        const asciiEscaped = escaped.replace(
          /[\u0080-\uffff]/g,
          (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`,
        );
        const state = topics.state ?? "";
        for (const topic of [topics.targets, topics.cases, topics.notices, dlq, state]) {
          const bytes = await topicBytes(kafka, admin, topic);
          expect(bytes.includes(Buffer.from(message.slice(0, 12), "utf8")), topic).toBe(false);
          expect(bytes.includes(Buffer.from(asciiEscaped.slice(0, 36))), topic).toBe(false);
        }
      } finally {
        await producer.disconnect();
        await routing.stop();
        await dedup.stop();
      }
    },
  );
});
