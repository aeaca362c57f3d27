import { describe, expect } from "vitest";
import {
  createEvent,
  noticesTopic,
  responsesTopic,
  type EventDataOf,
  type TargetSubmission,
} from "@takedown/contracts";
import { dossierObjectKeys, PutObjectCommand } from "@takedown/s3";
import { awaitCondition } from "@takedown/test-kit";
import { createHash } from "node:crypto";
import { HOUR, T0, caseOf, routingTest, submission } from "./routing-test-bed.test-support.js";

// The first output of a test also waits for routing to join its group; at the start of a CI run
// the fresh broker's group coordinator may still be loading, which took longer than 30 s once.
const FIRST_OUTPUT_MS = 90_000;

const dedup = { source: "/takedown/dedup" };

describe("routing", () => {
  routingTest(
    "a case reaches exactly its platform's notices topic, with deadline and working evidence links; no owner goes to triage",
    async ({ uniqueId, s3, bucket, bed, recorderOf }) => {
      const recorder = recorderOf([
        noticesTopic(bed.platformA),
        noticesTopic(bed.platformB),
        bed.topics.cases,
        bed.topics.triage,
        bed.topics.dlq,
      ]);
      const bytes = Buffer.from(`screenshot ${uniqueId}`);
      const hex = createHash("sha256").update(bytes).digest("hex");
      await s3.send(new PutObjectCommand({ Bucket: bucket, Key: `sha256/${hex}`, Body: bytes }));
      const a = caseOf(`https://www.${bed.hostA}/posts/1`);
      const b = caseOf(`https://${bed.hostB}/thread/9`);
      const nobody = caseOf(`https://unknown-${uniqueId}.example.com/x`);
      const refusedCategory = caseOf(`https://${bed.hostB}/thread/10`);
      const member = submission(a.url, [`sha256:${hex}`], "preserve_logs");
      const part = Buffer.from(JSON.stringify({ targetId: member.targetId, description: "説明" }));
      await s3.send(
        new PutObjectCommand({
          Bucket: bucket,
          Key: dossierObjectKeys.sharedPart(member.dossier!.dossierId),
          Body: part,
        }),
      );
      const opened = (c: ReturnType<typeof caseOf>, member: TargetSubmission) =>
        createEvent(
          "case.opened",
          {
            caseId: c.caseId,
            contentKey: c.contentKey,
            canonicalUrl: c.url,
            member,
            openedAt: T0.toISOString(),
          },
          dedup,
        );
      await bed.startApp();
      await recorder.start(`check-${uniqueId}`);
      await bed.publish(bed.topics.cases, [
        opened(a, member),
        opened(b, { ...submission(b.url, []), category: "privacy" }),
        opened(nobody, submission(nobody.url, [])),
        opened(refusedCategory, submission(refusedCategory.url, [])),
      ]);
      await awaitCondition(() => recorder.of(bed.topics.triage, "case.unroutable").length === 2, {
        timeoutMs: FIRST_OUTPUT_MS,
        what: "two unroutable cases",
      });
      await awaitCondition(() => recorder.of(bed.topics.cases, "case.state_changed").length === 4, {
        what: "four state changes",
      });
      // Records of one transaction reach the recorder topic by topic: wait for both notices.
      await awaitCondition(
        () =>
          recorder.of(noticesTopic(bed.platformA), "notice.issued").length > 0 &&
          recorder.of(noticesTopic(bed.platformB), "notice.issued").length > 0,
        { what: "a notice on each platform's topic" },
      );
      const noticesA = recorder.of(noticesTopic(bed.platformA), "notice.issued");
      const noticesB = recorder.of(noticesTopic(bed.platformB), "notice.issued");
      expect(noticesA.map((n) => n.data.caseId)).toEqual([a.caseId]);
      expect(noticesB.map((n) => n.data.caseId)).toEqual([b.caseId]);
      const notice = noticesA[0]!.data;
      expect(notice).toMatchObject({
        platformId: bed.platformA,
        revision: 1,
        classification: "rights_infringement",
        categories: ["defamation"],
        requestedActions: ["preserve_logs"],
        urls: [a.url],
        // preserve_logs has a 1 h SLA on platform A, counted from the case's openedAt.
        deadline: new Date(T0.getTime() + HOUR).toISOString(),
      });
      expect(notice.requests[0]?.legalBasis).toBe("pla_art3_2_1");
      const evidence = notice.evidence[0]!;
      expect(evidence.evidenceId).toBe(`sha256:${hex}`);
      const fetched = await fetch(evidence.downloadUrl);
      expect(fetched.status).toBe(200);
      expect(Buffer.from(await fetched.arrayBuffer()).equals(bytes)).toBe(true);
      // The member's personal data is behind a link to its dossier part, never in the notice.
      expect(notice.requests[0]?.dossier).toEqual(member.dossier);
      const details = await fetch(notice.requests[0]!.details!.downloadUrl);
      expect(details.status).toBe(200);
      expect(Buffer.from(await details.arrayBuffer()).equals(part)).toBe(true);

      const unroutable = recorder.of(bed.topics.triage, "case.unroutable").map((e) => e.data);
      expect(unroutable).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ caseId: nobody.caseId, reason: "no_platform_for_host" }),
          expect.objectContaining({
            caseId: refusedCategory.caseId,
            reason: "category_not_accepted",
            platformId: bed.platformB,
          }),
        ]),
      );
      const changes = recorder.of(bed.topics.cases, "case.state_changed").map((e) => e.data);
      expect(changes).toEqual(
        expect.arrayContaining([
          expect.objectContaining({
            caseId: a.caseId,
            from: "open",
            to: "notified",
            platformId: bed.platformA,
          }),
          expect.objectContaining({ caseId: nobody.caseId, from: "open", to: "unroutable" }),
        ]),
      );
    },
    180_000,
  );

  routingTest(
    "merges revise the notice, responses move the case only when they come from its platform, withdrawal withdraws the notice",
    async ({ uniqueId, bed, recorderOf }) => {
      const noticesA = noticesTopic(bed.platformA);
      const recorder = recorderOf([noticesA, bed.topics.cases, bed.topics.dlq]);
      const c = caseOf(`https://${bed.hostA}/posts/2`);
      const first = submission(c.url, []);
      const second = { ...submission(`${c.url}?ref=share`, []), organId: "moj-osaka" };
      await bed.startApp();
      await recorder.start(`check-${uniqueId}`);
      await bed.publish(bed.topics.cases, [
        createEvent(
          "case.opened",
          {
            caseId: c.caseId,
            contentKey: c.contentKey,
            canonicalUrl: c.url,
            member: first,
            openedAt: T0.toISOString(),
          },
          dedup,
        ),
        createEvent(
          "case.merged",
          {
            caseId: c.caseId,
            contentKey: c.contentKey,
            canonicalUrl: c.url,
            member: second,
            memberCount: 2,
            mergedAt: T0.toISOString(),
          },
          dedup,
        ),
      ]);
      await awaitCondition(() => recorder.of(noticesA, "notice.revised").length === 1, {
        timeoutMs: FIRST_OUTPUT_MS,
        what: "a revised notice",
      });
      const revised = recorder.of(noticesA, "notice.revised")[0]!.data;
      expect(revised).toMatchObject({ revision: 2, revisionReason: "request_merged" });
      expect(revised.urls).toEqual([first.url, second.url]);

      const response = (
        platformId: string,
        action: "acknowledged" | "removed",
        caseId = c.caseId,
      ) =>
        createEvent(
          "response.submitted",
          {
            caseId,
            contentKey: c.contentKey,
            platformId,
            noticeRevision: 2,
            action,
            reasonCode: action === "removed" ? "illegal_content" : "under_review",
            actedAt: T0.toISOString(),
          },
          { source: `/platforms/${platformId}` },
        );
      // Platform B answers A's case on its own topic; then A acknowledges twice, on a partition
      // its own partitioner chose (not ours), then removes the content.
      await bed.publish(responsesTopic(bed.platformB), [response(bed.platformB, "removed")]);
      for (const partition of [0, 1, 2])
        await bed.publish(
          responsesTopic(bed.platformA),
          [response(bed.platformA, "acknowledged")],
          { partition },
        );
      await awaitCondition(() => recorder.of(bed.topics.dlq, "record.rejected").length >= 3, {
        what: "rejected responses",
      });
      await bed.publish(responsesTopic(bed.platformA), [response(bed.platformA, "removed")], {
        partition: 2,
      });
      await awaitCondition(
        () =>
          recorder.of(bed.topics.cases, "case.state_changed").some((e) => e.data.to === "removed"),
        { what: "the case to be removed" },
      );
      const changes = recorder.of(bed.topics.cases, "case.state_changed").map((e) => e.data);
      expect(changes.map((e) => `${e.from}->${e.to}`)).toEqual([
        "open->notified",
        "notified->acknowledged",
        "acknowledged->removed",
      ]);
      expect(changes[2]?.response).toMatchObject({
        action: "removed",
        reasonCode: "illegal_content",
      });
      const reasons = recorder.of(bed.topics.dlq, "record.rejected").map((e) => e.data.reason.code);
      expect(reasons.sort()).toEqual([
        "ALREADY_IN_STATE",
        "ALREADY_IN_STATE",
        "NOT_ROUTED_TO_PLATFORM",
      ]);

      // A response with a key that is not its case's content key never reaches the join.
      await bed.publish(responsesTopic(bed.platformA), [response(bed.platformA, "removed")], {
        key: "f".repeat(64),
      });
      await awaitCondition(
        () =>
          recorder
            .of(bed.topics.dlq, "record.rejected")
            .some((e) => e.data.reason.code === "KEY_MISMATCH"),
        { what: "a key mismatch in the DLQ" },
      );

      // The removed case cannot be withdrawn any more; a fresh case can, and its notice is withdrawn.
      const d = caseOf(`https://${bed.hostA}/posts/3`);
      await bed.publish(bed.topics.cases, [
        createEvent(
          "case.opened",
          {
            caseId: d.caseId,
            contentKey: d.contentKey,
            canonicalUrl: d.url,
            member: submission(d.url, []),
            openedAt: T0.toISOString(),
          },
          dedup,
        ),
        createEvent(
          "case.withdrawn",
          {
            caseId: d.caseId,
            contentKey: d.contentKey,
            canonicalUrl: d.url,
            withdrawnTargetIds: ["req_01J9Z8W1AB2CD3EF4GH5JK6MN7#1"],
            withdrawnAt: T0.toISOString(),
          },
          dedup,
        ),
      ]);
      await awaitCondition(() => recorder.of(noticesA, "notice.withdrawn").length === 1, {
        what: "a withdrawn notice",
      });
      expect(recorder.of(noticesA, "notice.withdrawn")[0]!.data).toMatchObject({
        caseId: d.caseId,
        revision: 1,
        reason: "all_requests_withdrawn",
      });
    },
    180_000,
  );

  routingTest(
    "an unanswered case is escalated after its deadline, across a restart of routing",
    async ({ uniqueId, bed, recorderOf }) => {
      const noticesA = noticesTopic(bed.platformA);
      const recorder = recorderOf([noticesA, bed.topics.cases, bed.topics.triage]);
      const c = caseOf(`https://${bed.hostA}/posts/4`);
      const answered = caseOf(`https://${bed.hostA}/posts/5`);
      const first = await bed.startApp();
      await recorder.start(`check-${uniqueId}`);
      const opened = (x: ReturnType<typeof caseOf>): EventDataOf<"case.opened"> => ({
        caseId: x.caseId,
        contentKey: x.contentKey,
        canonicalUrl: x.url,
        member: submission(x.url, []),
        openedAt: T0.toISOString(),
      });
      await bed.publish(bed.topics.cases, [
        createEvent("case.opened", opened(c), dedup),
        createEvent("case.opened", opened(answered), dedup),
      ]);
      // A platform answers a notice it has read.
      await awaitCondition(() => recorder.of(noticesA, "notice.issued").length === 2, {
        timeoutMs: FIRST_OUTPUT_MS,
        what: "two notices",
      });
      await bed.publish(responsesTopic(bed.platformA), [
        createEvent(
          "response.submitted",
          {
            caseId: answered.caseId,
            contentKey: answered.contentKey,
            platformId: bed.platformA,
            noticeRevision: 1,
            action: "declined",
            reasonCode: "not_illegal_no_terms_violation",
            actedAt: T0.toISOString(),
          },
          { source: `/platforms/${bed.platformA}` },
        ),
      ]);
      await awaitCondition(() => recorder.of(bed.topics.cases, "case.state_changed").length === 3, {
        what: "both cases notified and one declined",
      });
      // Before the deadline a tick changes nothing.
      bed.clock.now = new Date(T0.getTime() + HOUR);
      await first.tick();
      await first.stop();

      // Routing is down while the 2 h deadline passes; a new instance restores state from the
      // changelog and escalates on its first tick.
      bed.clock.now = new Date(T0.getTime() + 3 * HOUR);
      await bed.startApp();
      await awaitCondition(() => recorder.of(bed.topics.triage, "case.escalated").length === 1, {
        what: "an escalation",
      });
      const escalated = recorder.of(bed.topics.triage, "case.escalated")[0]!.data;
      expect(escalated).toMatchObject({
        caseId: c.caseId,
        platformId: bed.platformA,
        stateAtDeadline: "notified",
        level: 1,
        deadline: new Date(T0.getTime() + 2 * HOUR).toISOString(),
        escalatedAt: bed.clock.now.toISOString(),
      });
      await awaitCondition(() => recorder.of(noticesA, "notice.revised").length === 1, {
        what: "a reminder notice",
      });
      expect(recorder.of(noticesA, "notice.revised")[0]!.data).toMatchObject({
        caseId: c.caseId,
        revision: 2,
        revisionReason: "deadline_reminder",
        deadline: new Date(T0.getTime() + 5 * HOUR).toISOString(),
      });
      await awaitCondition(
        () =>
          recorder
            .of(bed.topics.cases, "case.state_changed")
            .some((e) => e.data.caseId === c.caseId && e.data.to === "escalated"),
        { what: "the move to escalated" },
      );
      // The declined case is never escalated.
      expect(recorder.of(bed.topics.triage, "case.escalated").map((e) => e.data.caseId)).toEqual([
        c.caseId,
      ]);
    },
    180_000,
  );
});
