import { caseIdFor } from "@takedown/contracts";
import { describe, expect, it } from "vitest";
import { decodeFact, encodeFact, type StatusFact, type StepFact } from "./status-fact.js";
import { StatusStore } from "./status-store.js";

const requestId = "req_01JD0000000000000000000007";
const otherRequest = "req_01JD0000000000000000000008";
const contentKey = "cd".repeat(32);
const caseId = caseIdFor(contentKey, "01JD0000000000000000000000");

function target(id: string, n: number, organId: string, submittedAt: string): StatusFact {
  return {
    v: 1,
    kind: "target",
    targetId: `${id}#${n}`,
    requestId: id,
    organId,
    submittedAt,
    category: "defamation",
    classification: "rights_infringement",
    legalBasis: "pla_art3_2_1",
    requestedAction: "remove",
    evidence: [],
    url: "https://example.com/p/1",
    canonicalUrl: "https://example.com/p/1",
    contentKey,
  };
}

const step = (eventId: string, at: string, rest: Partial<StepFact> & Pick<StepFact, "step">) =>
  ({ v: 1, kind: "step", caseId, eventId, at, ...rest }) as StepFact;

/** Organ B opened the case and it was notified; organ A's target merged in later. */
const facts: StatusFact[] = [
  target(otherRequest, 1, "organ-b", "2026-11-28T00:00:00.000Z"),
  target(requestId, 1, "organ-a", "2026-11-28T02:00:00.000Z"),
  { v: 1, kind: "member", targetId: `${otherRequest}#1`, caseId },
  { v: 1, kind: "member", targetId: `${requestId}#1`, caseId },
  { v: 1, kind: "case-state", caseId, state: "acknowledged" },
  // Written out of order on purpose: the timeline sorts by time.
  step("e5", "2026-11-28T05:00:00.000Z", {
    step: "state_changed",
    state: "acknowledged",
    trigger: "platform_response",
    action: "acknowledged",
    reasonCode: "under_review",
    deadline: "2026-11-30T02:00:00.000Z",
  }),
  step("e1", "2026-11-28T00:00:01.000Z", { step: "case_opened", targetId: `${otherRequest}#1` }),
  step("e2", "2026-11-28T00:00:02.000Z", {
    step: "notice_issued",
    revision: 1,
    deadline: "2026-11-30T00:00:02.000Z",
  }),
  step("e3", "2026-11-28T02:00:01.000Z", { step: "case_merged", targetId: `${requestId}#1` }),
  step("e4", "2026-11-28T02:00:02.000Z", {
    step: "notice_revised",
    revision: 2,
    revisionReason: "request_merged",
    deadline: "2026-11-30T02:00:02.000Z",
  }),
];

describe("a target's history", () => {
  it("starts at the target's own submission and join, shows what followed in time order, and the deadline in force", () => {
    const store = new StatusStore(":memory:");
    // Through the state topic's encoding, as the feeder applies them.
    const decoded = facts.map((f) => {
      const { key, value } = encodeFact(f);
      return decodeFact(key, Buffer.from(value));
    });
    store.apply({ topic: "state", partition: 0, next: facts.length, facts: decoded });
    const history = store.history(requestId, "organ-a");
    expect(history?.targets).toEqual([
      {
        targetId: `${requestId}#1`,
        deadline: "2026-11-30T02:00:00.000Z",
        steps: [
          { step: "submitted", at: "2026-11-28T02:00:00.000Z" },
          { step: "case_merged", at: "2026-11-28T02:00:01.000Z" },
          {
            step: "notice_revised",
            at: "2026-11-28T02:00:02.000Z",
            revision: 2,
            revisionReason: "request_merged",
            deadline: "2026-11-30T02:00:02.000Z",
          },
          {
            step: "state_changed",
            at: "2026-11-28T05:00:00.000Z",
            state: "acknowledged",
            trigger: "platform_response",
            action: "acknowledged",
            reasonCode: "under_review",
            deadline: "2026-11-30T02:00:00.000Z",
          },
        ],
      },
    ]);
    // The opener sees the case from its opening, and never the other organ's join.
    expect(store.history(otherRequest, "organ-b")?.targets[0]?.steps.map((s) => s.step)).toEqual([
      "submitted",
      "case_opened",
      "notice_issued",
      "notice_revised",
      "state_changed",
    ]);
    expect(store.history(requestId, "organ-b")).toBeUndefined();
    // A tombstone removes the one step it names: the notice's deadline is the latest again.
    store.apply({ topic: "state", partition: 0, next: 99, deletedKeys: [`step/${caseId}/e5`] });
    expect(store.history(requestId, "organ-a")?.targets[0]?.deadline).toBe(
      "2026-11-30T02:00:02.000Z",
    );
    store.close();
  });
});
