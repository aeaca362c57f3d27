import { describe, expect, it } from "vitest";
import type { AcceptedTarget } from "./load-driver.js";
import { checkPipeline } from "./pipeline-checks.js";
import type { PipelineSnapshot } from "./pipeline-snapshot.js";

/**
 * A run that did everything right: two organs, three targets over two canonical URLs (one
 * merge), each record audited once.
 */
function healthyRun(): { accepted: AcceptedTarget[]; snapshot: PipelineSnapshot } {
  const target = (targetId: string, organId: string, key: string): AcceptedTarget => ({
    targetId,
    requestId: targetId.split("#")[0]!,
    organId,
    canonicalUrl: `https://x.com/i/status/${key}`,
    acceptedAt: 0,
  });
  const accepted = [
    target("req_a#1", "moj-jinken", "k1"),
    target("req_a#2", "moj-jinken", "k2"),
    target("req_b#1", "tokyo-legal-affairs", "k1"),
  ];
  const snapshot: PipelineSnapshot = {
    targets: accepted.map((t) => ({
      targetId: t.targetId,
      requestId: t.requestId,
      organId: t.organId,
      canonicalUrl: t.canonicalUrl,
      contentKey: t.canonicalUrl.slice(-2),
    })),
    caseEvents: [
      {
        type: "case.opened",
        caseId: "c1",
        contentKey: "k1",
        canonicalUrl: "u1",
        targetId: "req_a#1",
      },
      {
        type: "case.opened",
        caseId: "c2",
        contentKey: "k2",
        canonicalUrl: "u2",
        targetId: "req_a#2",
      },
      {
        type: "case.merged",
        caseId: "c1",
        contentKey: "k1",
        canonicalUrl: "u1",
        targetId: "req_b#1",
      },
    ],
    notices: [
      { type: "notice.issued", topic: "n", caseId: "c1", revision: 1, targetIds: ["req_a#1"] },
      { type: "notice.issued", topic: "n", caseId: "c2", revision: 1, targetIds: ["req_a#2"] },
      {
        type: "notice.revised",
        topic: "n",
        caseId: "c1",
        revision: 2,
        revisionReason: "request_merged",
        targetIds: ["req_a#1", "req_b#1"],
      },
    ],
    rejections: [],
    sourcePositions: new Set(["t/0/0", "t/0/1", "t/1/0"]),
    auditEntries: [
      { index: "0", position: "t/0/0" },
      { index: "1", position: "t/1/0" },
      { index: "2", position: "t/0/1" },
    ],
    recordsPerTopic: new Map(),
    bytesPerPartition: new Map(),
  };
  return { accepted, snapshot };
}

function failing(accepted: AcceptedTarget[], snapshot: PipelineSnapshot): string[] {
  return checkPipeline(accepted, snapshot)
    .filter((c) => !c.ok)
    .map((c) => `${c.name}: ${c.detail}`);
}

describe("checkPipeline", () => {
  it("passes a run that kept every invariant", () => {
    const { accepted, snapshot } = healthyRun();
    expect(failing(accepted, snapshot)).toEqual([]);
  });

  it("names an accepted target that never reached the topic, and one published twice", () => {
    const { accepted, snapshot } = healthyRun();
    snapshot.targets = [snapshot.targets[0]!, snapshot.targets[0]!, snapshot.targets[2]!];
    const failed = failing(accepted, snapshot);
    expect(failed[0]).toMatch(
      /on the targets topic exactly once: 1 missing; e\.g\. req_a#2; 1 published twice/,
    );
  });

  it("names targets no 202 answered (a retry that published a second request)", () => {
    const { accepted, snapshot } = healthyRun();
    snapshot.targets.push({ ...snapshot.targets[0]!, targetId: "req_c#1", requestId: "req_c" });
    expect(failing(accepted, snapshot).join("\n")).toMatch(/never answered; e\.g\. req_c/);
  });

  it("names a canonical URL with two cases and a target that joined twice", () => {
    const { accepted, snapshot } = healthyRun();
    snapshot.caseEvents.push({ ...snapshot.caseEvents[0]!, caseId: "c3" });
    const failed = failing(accepted, snapshot).join("\n");
    expect(failed).toMatch(/one case per canonical URL: 1 URLs with several cases; e\.g\. k1/);
    expect(failed).toMatch(/joined twice; e\.g\. req_a#1/);
  });

  it("names a case without its notice.issued and a case notified twice", () => {
    const { accepted, snapshot } = healthyRun();
    snapshot.notices[1] = { ...snapshot.notices[0]! };
    expect(failing(accepted, snapshot).join("\n")).toMatch(
      /1 cases without one; e\.g\. c2; 1 cases with several; e\.g\. c1/,
    );
  });

  it("names a merge whose notice was never revised", () => {
    const { accepted, snapshot } = healthyRun();
    snapshot.notices.pop();
    expect(failing(accepted, snapshot).join("\n")).toMatch(
      /a notice\.revised for each merge: 1 merges without one; e\.g\. req_b#1/,
    );
  });

  it("names records the audit log missed, logged twice, or entries out of order", () => {
    const { accepted, snapshot } = healthyRun();
    snapshot.sourcePositions.add("t/1/1");
    snapshot.auditEntries.push({ index: "4", position: "t/0/0" });
    const failed = failing(accepted, snapshot).join("\n");
    expect(failed).toMatch(/1 records not audited; e\.g\. t\/1\/1/);
    expect(failed).toMatch(/1 records audited twice; e\.g\. t\/0\/0/);
    expect(failed).toMatch(/1 entries out of order; e\.g\. 4/);
  });

  it("takes watermark entries for what they are, not for records audited twice", () => {
    const { accepted, snapshot } = healthyRun();
    snapshot.auditEntries.push({ index: "3", position: "ticks/0/0", watermark: true });
    snapshot.auditEntries.push({ index: "4", position: "ticks/0/0", watermark: true });
    expect(failing(accepted, snapshot)).toEqual([]);
  });

  it("names what the DLQ holds, by service and reason", () => {
    const { accepted, snapshot } = healthyRun();
    snapshot.rejections.push({
      code: "INVALID_DATA",
      message: "url: bad",
      rejectedBy: "dedup",
      sourceTopic: "takedown.targets.v1",
    });
    expect(failing(accepted, snapshot).join("\n")).toMatch(/1× dedup: INVALID_DATA \(url: bad\)/);
  });
});
