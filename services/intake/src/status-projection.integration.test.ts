import { caseIdFor, createEvent, encodeEvent } from "@takedown/contracts";
import { awaitCondition } from "@takedown/test-kit";
import { ulid } from "ulid";
import { describe, expect } from "vitest";
import { requestStatusSchema } from "./http-schemas.js";
import { intakeTest as test, readEvents, requestBody } from "./intake-harness.test-support.js";
import { RecordWriter } from "@takedown/kafka";

describe("GET /v1/requests/{id}", () => {
  test("joins the request with case, state, platform and latest response, and survives a restart", async ({
    kafka,
    admin,
    launchIntake,
  }) => {
    const launched = await launchIntake();
    const { topics, keyOf } = launched;
    let { intake } = launched;
    const producer = new RecordWriter(kafka);
    await producer.start();
    try {
      const submitted = await intake.app.inject({
        method: "POST",
        url: "/v1/requests",
        headers: { authorization: keyOf.a },
        payload: requestBody(),
      });
      expect(submitted.statusCode, submitted.body).toBe(202);
      const { requestId } = submitted.json<{ requestId: string }>();
      const [record] = await readEvents(kafka, admin, topics.targets, 1);
      if (record?.event.type !== "target.submitted") throw new Error("no target.submitted");
      const target = record.event.data;
      const caseId = caseIdFor(target.contentKey, ulid());
      const at = new Date().toISOString();
      const source = { source: "/test" };
      const { canonicalUrl, contentKey, ...withHint } = target;
      const member = { ...withHint, platformHint: undefined };
      const send = async (topic: string, events: Parameters<typeof encodeEvent>[0][]) => {
        await producer.send(
          topic,
          events.map((e) => encodeEvent(e)),
        );
      };
      await send(topics.cases, [
        createEvent(
          "case.opened",
          { caseId, contentKey, canonicalUrl, member, openedAt: at },
          source,
        ),
        createEvent(
          "case.state_changed",
          {
            caseId,
            contentKey,
            from: "open",
            to: "notified",
            trigger: "notice_issued",
            platformId: "x",
            changedAt: at,
          },
          source,
        ),
      ]);
      await send(topics.responses, [
        createEvent(
          "response.submitted",
          {
            caseId,
            contentKey,
            platformId: "x",
            noticeRevision: 1,
            action: "removed",
            reasonCode: "illegal_content",
            text: "removed under our terms",
            actedAt: at,
          },
          source,
        ),
      ]);

      const get = () =>
        intake.app.inject({
          url: `/v1/requests/${requestId}`,
          headers: { authorization: keyOf.a },
        });
      const expected = {
        targetId: target.targetId,
        caseId,
        caseState: "notified",
        platformId: "x",
        latestResponse: {
          action: "removed",
          reasonCode: "illegal_content",
          text: "removed under our terms",
        },
      };
      const joined = await awaitCondition(async () => {
        const status = requestStatusSchema.parse((await get()).json());
        return status.targets[0]?.latestResponse !== undefined &&
          status.targets[0].caseState !== undefined
          ? status
          : undefined;
      });
      expect(joined.targets[0]).toMatchObject(expected);

      await intake.stop();
      ({ intake } = await launchIntake({ topics, organs: launched }));
      const rebuilt = requestStatusSchema.parse((await get()).json());
      expect(rebuilt.requestId).toBe(requestId);
      expect(rebuilt.targets[0]).toMatchObject(expected);
      expect(
        (
          await intake.app.inject({
            url: `/v1/requests/${requestId}`,
            headers: { authorization: keyOf.b },
          })
        ).statusCode,
      ).toBe(404);
    } finally {
      await producer.stop();
    }
  });
});
