import { createHash } from "node:crypto";
import { describe, expect, test } from "vitest";
import { PlatformDirectory, platformRegistrySchema } from "@takedown/config";
import {
  caseIdFor,
  createEvent,
  dispatchEvent,
  encodeEvent,
  type AnyTakedownEvent,
  type TakedownEvent,
} from "@takedown/contracts";
import { sampleEvents } from "@takedown/contracts/fixtures";
import { caseRouter } from "./case-router.js";
import { sweepDeadline } from "./deadline-sweep.js";
import { judgeResponse } from "./response-judge.js";
import type { RoutedCase } from "./routed-case.js";
import type { RoutingContext, RoutingOutcome } from "./routing-context.js";

const HOUR = 3_600_000;
const T0 = "2025-06-02T00:00:00.000Z";
const url = "https://board.example.jp/thread/1";
const contentKey = createHash("sha256").update(url).digest("hex");
const caseId = caseIdFor(contentKey, "01J9Z8X7QK3M4N5P6R7S8T9V0W");
const member = { ...sampleEvents["case.opened"].data.member, url };

const context: RoutingContext = {
  directory: new PlatformDirectory(
    platformRegistrySchema.parse({
      platforms: [
        {
          id: "board",
          names: { ja: "掲示板", en: "Board" },
          domains: ["*.example.jp"],
          sla: { default: "2h", byAction: { preserve_logs: "1h" } },
          kafkaUser: "platform-board",
        },
      ],
    }),
  ),
  topics: {
    cases: "cases",
    triage: "triage",
    dlq: "dlq",
    rekeyedResponses: "rekeyed",
    state: "state",
    noticesOf: (id) => `notices.${id}`,
    responses: /^responses\./,
  },
  linkEvidence: (ids, now) =>
    Promise.resolve(
      ids.map((evidenceId) => ({
        evidenceId,
        downloadUrl: `https://s3.example/${evidenceId.slice(7)}`,
        downloadUrlExpiresAt: new Date(now.getTime() + HOUR).toISOString(),
      })),
    ),
  linkDetails: (member, now) =>
    Promise.resolve(
      member.dossier === undefined
        ? undefined
        : {
            downloadUrl: `https://s3.example/dossiers/${member.dossier.dossierId}/${member.targetId.slice(-1)}`,
            downloadUrlExpiresAt: new Date(now.getTime() + HOUR).toISOString(),
          },
    ),
  redress: { text: "異議は通知元へ" },
  source: "/takedown/routing",
  clock: () => new Date(Date.parse(T0) + 60_000),
};

function applied(outcome: RoutingOutcome) {
  if (outcome.kind !== "applied")
    throw new Error(`expected applied, got ${JSON.stringify(outcome)}`);
  // Everything routing emits must be publishable.
  for (const { event } of outcome.emit) encodeEvent(event);
  return outcome;
}

const typesOf = (outcome: { emit: { topic: string; event: AnyTakedownEvent }[] }) =>
  outcome.emit.map(({ topic, event }) => `${topic}:${event.type}`);

async function openCase(): Promise<RoutedCase> {
  const event = createEvent(
    "case.opened",
    { caseId, contentKey, canonicalUrl: url, member, openedAt: T0 },
    { source: "/takedown/dedup" },
  );
  return applied(await dispatchEvent(caseRouter, event, { context, current: undefined })).next;
}

function response(
  action: "acknowledged" | "needs_info" | "removed",
  platformId = "board",
): TakedownEvent<"response.submitted"> {
  return createEvent(
    "response.submitted",
    {
      caseId,
      contentKey,
      platformId,
      noticeRevision: 1,
      action,
      reasonCode: "under_review",
      actedAt: T0,
    },
    { source: `/platforms/${platformId}` },
  );
}

describe("routing decisions", () => {
  test("an opened case is notified with a deadline counted from openedAt", async () => {
    const event = createEvent(
      "case.opened",
      { caseId, contentKey, canonicalUrl: url, member, openedAt: T0 },
      { source: "/takedown/dedup" },
    );
    const outcome = applied(
      await dispatchEvent(caseRouter, event, { context, current: undefined }),
    );
    expect(typesOf(outcome)).toEqual(["notices.board:notice.issued", "cases:case.state_changed"]);
    expect(outcome.next).toMatchObject({
      state: "notified",
      platformId: "board",
      revision: 1,
      deadline: new Date(Date.parse(T0) + 2 * HOUR).toISOString(),
    });
  });

  test("a merge asking for a more urgent action brings the deadline forward", async () => {
    const current = await openCase();
    const merged = createEvent(
      "case.merged",
      {
        caseId,
        contentKey,
        canonicalUrl: url,
        member: { ...member, targetId: `${member.requestId}#2`, requestedAction: "preserve_logs" },
        memberCount: 2,
        mergedAt: T0,
      },
      { source: "/takedown/dedup" },
    );
    const outcome = applied(await dispatchEvent(caseRouter, merged, { context, current }));
    expect(typesOf(outcome)).toEqual(["notices.board:notice.revised"]);
    expect(outcome.next.revision).toBe(2);
    expect(outcome.next.deadline).toBe(new Date(Date.parse(T0) + HOUR).toISOString());
  });

  test("a response from another platform is refused; the same response from the owner applies", async () => {
    const current = await openCase();
    expect(judgeResponse(response("removed", "other"), context, current)).toMatchObject({
      kind: "rejected",
      code: "NOT_ROUTED_TO_PLATFORM",
    });
    const outcome = applied(judgeResponse(response("removed"), context, current));
    expect(outcome.next.state).toBe("removed");
    expect(outcome.next.deadline).toBeUndefined();
  });

  test("needs_info stops the clock and a merged request restarts it as information provided", async () => {
    const asked = applied(judgeResponse(response("needs_info"), context, await openCase())).next;
    expect(asked.deadline).toBeUndefined();
    expect(await sweepDeadline(context, asked, new Date(Date.parse(T0) + 10 * HOUR))).toMatchObject(
      {
        kind: "ignored",
      },
    );
    const merged = createEvent(
      "case.merged",
      {
        caseId,
        contentKey,
        canonicalUrl: url,
        member: { ...member, targetId: `${member.requestId}#2` },
        memberCount: 2,
        mergedAt: "2025-06-03T00:00:00.000Z",
      },
      { source: "/takedown/dedup" },
    );
    const outcome = applied(await dispatchEvent(caseRouter, merged, { context, current: asked }));
    expect(outcome.next).toMatchObject({
      state: "notified",
      deadline: "2025-06-03T02:00:00.000Z",
    });
    expect(typesOf(outcome)).toEqual(["notices.board:notice.revised", "cases:case.state_changed"]);
  });

  test("the deadline escalates once per missed deadline, with a reminder and a new deadline", async () => {
    const current = await openCase();
    const before = await sweepDeadline(context, current, new Date(Date.parse(T0) + HOUR));
    expect(before.kind).toBe("ignored");
    const tick = new Date(Date.parse(T0) + 3 * HOUR);
    const outcome = applied(await sweepDeadline(context, current, tick));
    expect(typesOf(outcome)).toEqual([
      "triage:case.escalated",
      "cases:case.state_changed",
      "notices.board:notice.revised",
    ]);
    expect(outcome.next).toMatchObject({
      state: "escalated",
      escalationLevel: 1,
      revision: 2,
      deadline: new Date(tick.getTime() + 2 * HOUR).toISOString(),
    });
    // The same tick again finds nothing due.
    expect((await sweepDeadline(context, outcome.next, tick)).kind).toBe("ignored");
  });

  test("a withdrawn case withdraws its notice; a merge for an unknown case is refused", async () => {
    const current = await openCase();
    const withdrawn = createEvent(
      "case.withdrawn",
      {
        caseId,
        contentKey,
        canonicalUrl: url,
        withdrawnTargetIds: [member.targetId],
        withdrawnAt: T0,
      },
      { source: "/takedown/dedup" },
    );
    const outcome = applied(await dispatchEvent(caseRouter, withdrawn, { context, current }));
    expect(typesOf(outcome)).toEqual([
      "notices.board:notice.withdrawn",
      "cases:case.state_changed",
    ]);
    expect(outcome.next.state).toBe("withdrawn");
    const merged = createEvent(
      "case.merged",
      { caseId, contentKey, canonicalUrl: url, member, memberCount: 2, mergedAt: T0 },
      { source: "/takedown/dedup" },
    );
    expect(await dispatchEvent(caseRouter, merged, { context, current: undefined })).toMatchObject({
      kind: "rejected",
      code: "UNKNOWN_CASE",
    });
  });
});

describe("an organ's answer to needs_info (case.info_provided)", () => {
  const messageId = `sha256:${"1".repeat(64)}`;
  const fileId = `sha256:${"2".repeat(64)}`;
  const answer = (answerId = "ans_01J9ZA0B1C2D3E4F5G6H7J8K9M", id = caseId) =>
    createEvent(
      "case.info_provided",
      {
        answerId,
        caseId: id,
        contentKey,
        requestId: member.requestId,
        targetId: member.targetId,
        organId: member.organId,
        messageEvidenceId: messageId,
        evidence: [fileId],
        actorId: "stf_7Qx2Lm9Pa4",
        providedAt: "2025-06-03T00:00:00.000Z",
      },
      { source: "/takedown/dedup" },
    );

  test("revises the notice with the answer's text and files and returns the case to notified", async () => {
    const asked = applied(judgeResponse(response("needs_info"), context, await openCase())).next;
    const outcome = applied(await dispatchEvent(caseRouter, answer(), { context, current: asked }));
    expect(typesOf(outcome)).toEqual(["notices.board:notice.revised", "cases:case.state_changed"]);
    const [notice, change] = outcome.emit.map((e) => e.event);
    if (notice?.type !== "notice.revised" || change?.type !== "case.state_changed")
      throw new Error("unexpected events");
    expect(notice.data.revisionReason).toBe("information_provided");
    expect(notice.data.revision).toBe(asked.revision + 1);
    expect(notice.data.evidence.map((e) => e.evidenceId)).toEqual(
      expect.arrayContaining([messageId, fileId]),
    );
    expect(notice.data.answers).toEqual([
      expect.objectContaining({ targetId: member.targetId, messageEvidenceId: messageId }),
    ]);
    // The platform's clock restarts at the answer, with the case's window (2 h).
    expect(notice.data.deadline).toBe("2025-06-03T02:00:00.000Z");
    expect(change.data).toMatchObject({
      from: "needs_info",
      to: "notified",
      trigger: "information_provided",
    });
    expect(outcome.next.state).toBe("notified");
    // Later revisions still carry the answer; the same answer again changes nothing.
    expect(outcome.next.answers).toHaveLength(1);
    const again = await dispatchEvent(caseRouter, answer(), { context, current: outcome.next });
    expect(again.kind).toBe("ignored");
  });

  test("is set aside with the reason when the case is not waiting for it", async () => {
    const notified = await openCase();
    const outcome = await dispatchEvent(caseRouter, answer(), { context, current: notified });
    expect(outcome).toMatchObject({ kind: "rejected", code: "ILLEGAL_TRANSITION" });
    const other = caseIdFor(contentKey, "01J9Z8X7QK3M4N5P6R7S8T9V0X");
    const mismatch = await dispatchEvent(caseRouter, answer(undefined, other), {
      context,
      current: notified,
    });
    expect(mismatch).toMatchObject({ kind: "rejected", code: "CASE_MISMATCH" });
    const unknown = await dispatchEvent(caseRouter, answer(), { context, current: undefined });
    expect(unknown).toMatchObject({ kind: "rejected", code: "UNKNOWN_CASE" });
  });
});
