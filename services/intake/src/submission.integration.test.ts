import { dossierIdOf } from "@takedown/contracts";
import {
  dossierObjectKeys,
  evidenceObjectKey,
  GetObjectCommand,
  ListObjectsV2Command,
} from "@takedown/s3";
import { awaitCondition } from "@takedown/test-kit";
import { canonicalizeUrl } from "@takedown/url-canon";
import { describe, expect } from "vitest";
import type { IntakeApp } from "./app.js";
import { requestStatusSchema, submissionAcceptedSchema } from "./http-schemas.js";
import {
  intakeTest as test,
  pngBytes,
  readEvents,
  requestBody,
  writtenOffsets,
} from "./intake-harness.test-support.js";

describe("intake on the real broker and S3", () => {
  test("stores evidence once, publishes one target.submitted per target, shows the status", async ({
    kafka,
    admin,
    s3,
    bucket,
    launchIntake,
  }) => {
    const { intake, topics, keyOf } = await launchIntake();
    const upload = () =>
      intake.app.inject({
        method: "POST",
        url: "/v1/evidence",
        headers: { authorization: keyOf.a, "content-type": "image/png" },
        payload: pngBytes,
      });
    const first = await upload();
    expect(first.statusCode).toBe(201);
    const evidence = first.json<{ evidenceId: string; size: number; mediaType: string }>();
    expect(evidence).toMatchObject({ size: pngBytes.length, mediaType: "image/png" });
    expect(evidence.evidenceId).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect((await upload()).json()).toEqual(evidence);
    const listed = await s3.send(new ListObjectsV2Command({ Bucket: bucket }));
    expect(listed.Contents?.map((o) => o.Key)).toEqual([evidenceObjectKey(evidence.evidenceId)]);

    const urls = [
      "https://x.com/someone/status/1?utm_source=a",
      "https://www.youtube.com/watch?v=abc&t=3",
    ];
    const response = await intake.app.inject({
      method: "POST",
      url: "/v1/requests",
      headers: { authorization: keyOf.a },
      payload: requestBody({
        targets: urls.map((url) => ({ url })),
        evidence: [evidence.evidenceId],
        contact: { name: "担当者" },
      }),
    });
    expect(response.statusCode).toBe(202);
    const accepted = submissionAcceptedSchema.parse(response.json());
    expect(response.headers.location).toBe(`/v1/requests/${accepted.requestId}`);

    const records = await readEvents(kafka, admin, topics.targets, 2);
    expect(records).toHaveLength(2);
    records.forEach(({ key, event }, index) => {
      const canonical = canonicalizeUrl(urls[index] ?? "");
      if (!canonical.ok || event.type !== "target.submitted") throw new Error("unexpected");
      expect(key).toBe(canonical.contentKey);
      expect(event.data).toMatchObject({
        requestId: accepted.requestId,
        targetId: `${accepted.requestId}#${index + 1}`,
        organId: "organ-a",
        url: urls[index],
        canonicalUrl: canonical.canonicalUrl,
        evidence: [evidence.evidenceId],
        // The contact person is in the request's dossier in S3; the record only names it.
        dossier: {
          dossierId: dossierIdOf(accepted.requestId),
          commitment: expect.stringMatching(/^hmac-sha256:[0-9a-f]{64}$/) as string,
        },
      });
      expect(JSON.stringify(event.data)).not.toContain("担当者");
    });
    const stored = await s3.send(
      new GetObjectCommand({
        Bucket: bucket,
        Key: dossierObjectKeys.dossier(dossierIdOf(accepted.requestId)),
      }),
    );
    expect(JSON.parse(await stored.Body!.transformToString())).toMatchObject({
      requestId: accepted.requestId,
      contact: { name: "担当者" },
    });
    expect(accepted.targets.map((t) => t.canonicalUrl)).toEqual(
      records.map((r) => (r.event.data as { canonicalUrl: string }).canonicalUrl),
    );

    const status = await intake.app.inject({
      url: `/v1/requests/${accepted.requestId}`,
      headers: { authorization: keyOf.a },
    });
    expect(status.statusCode).toBe(200);
    expect(requestStatusSchema.parse(status.json()).targets).toHaveLength(2);
    const foreign = await intake.app.inject({
      url: `/v1/requests/${accepted.requestId}`,
      headers: { authorization: keyOf.b },
    });
    expect(foreign.statusCode).toBe(404);
    expect(foreign.headers["content-type"]).toContain("application/problem+json");
    const anonymous = await intake.app.inject({ url: `/v1/requests/${accepted.requestId}` });
    expect(anonymous.statusCode).toBe(401);
    expect(anonymous.json()).toMatchObject({ status: 401, field: "Authorization" });
  });

  test("an Idempotency-Key retry publishes nothing and survives a restart", async ({
    kafka,
    admin,
    launchIntake,
  }) => {
    const launched = await launchIntake();
    const { topics, keyOf } = launched;
    const post = (to: IntakeApp, body: unknown, key: string, organ = keyOf.a) =>
      to.app.inject({
        method: "POST",
        url: "/v1/requests",
        headers: { authorization: organ, "idempotency-key": key },
        payload: body as Record<string, unknown>,
      });
    const body = requestBody();
    const answers = await Promise.all([
      post(launched.intake, body, "k-1"),
      post(launched.intake, body, "k-1"),
    ]);
    expect(answers.map((a) => a.statusCode)).toEqual([202, 202]);
    const first = answers[0]?.json<unknown>();
    expect(answers[1]?.json()).toEqual(first);
    expect(answers[1]?.headers.location).toBe(answers[0]?.headers.location);
    const reused = await post(launched.intake, requestBody({ description: "another body" }), "k-1");
    expect(reused.statusCode).toBe(422);
    expect(reused.json()).toMatchObject({ field: "Idempotency-Key" });
    // The key belongs to the organ: another organ's same key is a new request.
    expect((await post(launched.intake, body, "k-1", keyOf.b)).json()).not.toEqual(first);

    await launched.intake.stop();
    const { intake } = await launchIntake({ topics, organs: launched });
    const again = await post(intake, { ...body }, "k-1");
    expect(again.statusCode).toBe(202);
    expect(again.json()).toEqual(first);
    const records = await readEvents(kafka, admin, topics.targets, 2);
    expect(records.map((r) => (r.event.data as { organId: string }).organId).sort()).toEqual([
      "organ-a",
      "organ-b",
    ]);
    expect(await writtenOffsets(admin, topics.idempotency)).toBeGreaterThan(0);
  });

  // About 36 KB of personal text: it goes to the dossier in S3, the 100 records stay small.
  test("a request at the schema's limits is accepted and every target is published", async ({
    kafka,
    s3,
    bucket,
    admin,
    launchIntake,
  }) => {
    const { intake, topics, keyOf } = await launchIntake();
    const urls = Array.from({ length: 100 }, (_, i) => `https://example.com/post/${i + 1}`);
    const description = "説".repeat(10_000);
    const legalBasisText = "法".repeat(2_000);
    const response = await intake.app.inject({
      method: "POST",
      url: "/v1/requests",
      headers: { authorization: keyOf.a },
      payload: requestBody({ targets: urls.map((url) => ({ url })), description, legalBasisText }),
    });
    expect(response.statusCode, response.body).toBe(202);
    const { requestId } = submissionAcceptedSchema.parse(response.json());

    const records = await readEvents(kafka, admin, topics.targets, 100);
    expect(records).toHaveLength(100);
    const targetIds = records.map(({ event }) => {
      if (event.type !== "target.submitted") throw new Error(`unexpected ${event.type}`);
      // The full-size texts went to the dossier's shared part, never into a record.
      expect(JSON.stringify(event.data)).not.toContain("説説説");
      return event.data.targetId;
    });
    const lastPart = await s3.send(
      new GetObjectCommand({
        Bucket: bucket,
        Key: dossierObjectKeys.sharedPart(dossierIdOf(requestId)),
      }),
    );
    expect(JSON.parse(await lastPart.Body!.transformToString())).toMatchObject({
      requestId,
      description,
      legalBasisText,
    });
    expect(new Set(targetIds)).toEqual(new Set(urls.map((_, i) => `${requestId}#${i + 1}`)));
  });

  test("an upper-case scheme is accepted and published with its scheme in lower case", async ({
    kafka,
    admin,
    launchIntake,
  }) => {
    const { intake, topics, keyOf } = await launchIntake();
    const response = await intake.app.inject({
      method: "POST",
      url: "/v1/requests",
      headers: { authorization: keyOf.a },
      payload: requestBody({ targets: [{ url: "HTTPS://Example.com/Post/UPPER" }] }),
    });
    expect(response.statusCode, response.body).toBe(202);
    const [record] = await readEvents(kafka, admin, topics.targets, 1);
    if (record?.event.type !== "target.submitted") throw new Error("no target.submitted");
    // Only the scheme changes case: the path is the organ's, and it is case-sensitive.
    expect(record.event.data.url).toBe("https://Example.com/Post/UPPER");
  });

  test("withdraw publishes target.withdrawn for the organ's own request only", async ({
    kafka,
    admin,
    launchIntake,
  }) => {
    const { intake, topics, keyOf } = await launchIntake();
    const submitted = await intake.app.inject({
      method: "POST",
      url: "/v1/requests",
      headers: { authorization: keyOf.a },
      payload: requestBody({
        targets: [{ url: "https://x.com/a/status/1" }, { url: "https://x.com/a/status/2" }],
      }),
    });
    const { requestId } = submitted.json<{ requestId: string }>();
    const withdraw = (organ: string) =>
      intake.app.inject({
        method: "POST",
        url: `/v1/requests/${requestId}/withdraw`,
        headers: { authorization: organ },
        payload: { reason: "resolved with the poster" },
      });
    expect((await withdraw(keyOf.b)).statusCode).toBe(404);
    const accepted = await withdraw(keyOf.a);
    expect(accepted.statusCode).toBe(202);
    expect(accepted.json()).toEqual({
      requestId,
      withdrawnTargetIds: [`${requestId}#1`, `${requestId}#2`],
    });
    expect((await withdraw(keyOf.a)).statusCode).toBe(409);
    const withdrawn = await awaitCondition(async () => {
      const events = await readEvents(kafka, admin, topics.targets, 4);
      const found = events.filter((e) => e.event.type === "target.withdrawn");
      return found.length === 2 ? found : undefined;
    });
    expect(withdrawn.map((w) => w.key)).toEqual(
      withdrawn.map((w) => (w.event.data as { contentKey: string }).contentKey),
    );
    const status = await intake.app.inject({
      url: `/v1/requests/${requestId}`,
      headers: { authorization: keyOf.a },
    });
    expect(status.json()).toMatchObject({ withdrawn: true });
  });
});
