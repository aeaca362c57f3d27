import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { caseIdFor } from "@takedown/contracts";
import { describe, expect, it } from "vitest";
import type { StatusFact } from "./status-fact.js";
import { StatusStore } from "./status-store.js";

const requestId = "req_01JD0000000000000000000001";
const contentKey = (n: number) => n.toString(16).padStart(2, "0").repeat(32);
const caseOf = (n: number) => caseIdFor(contentKey(n), "01JD0000000000000000000000");

function target(position: number, organId = "moj-tokyo"): StatusFact {
  return {
    v: 1,
    kind: "target",
    targetId: `${requestId}#${position}`,
    requestId,
    organId,
    submittedAt: "2026-11-28T00:00:00.000Z",
    category: "defamation",
    classification: "rights_infringement",
    legalBasis: "pla_art3_2_1",
    requestedAction: "remove",
    evidence: [`sha256:${"ab".repeat(32)}`],
    url: `https://example.com/p/${position}`,
    canonicalUrl: `https://example.com/p/${position}`,
    contentKey: contentKey(position),
  };
}

/** Two targets: #1 answered by the platform, #2 merged into a case that is only notified. */
const history: StatusFact[] = [
  target(1),
  target(2),
  { v: 1, kind: "member", targetId: `${requestId}#1`, caseId: caseOf(1) },
  { v: 1, kind: "case-state", caseId: caseOf(1), state: "open" },
  { v: 1, kind: "case-state", caseId: caseOf(1), state: "notified" },
  { v: 1, kind: "case-platform", caseId: caseOf(1), platformId: "x" },
  { v: 1, kind: "notice", caseId: caseOf(1), platformId: "x", revision: 1 },
  {
    v: 1,
    kind: "response",
    caseId: caseOf(1),
    eventId: "ev-1",
    platformId: "x",
    action: "removed",
    reasonCode: "illegal_content",
    actedAt: "2026-11-29T00:00:00.000Z",
    noticeRevision: 1,
  },
  {
    v: 1,
    kind: "case-response",
    caseId: caseOf(1),
    eventId: "ev-1",
    action: "removed",
    reasonCode: "illegal_content",
  },
  { v: 1, kind: "case-state", caseId: caseOf(1), state: "removed" },
  { v: 1, kind: "member", targetId: `${requestId}#2`, caseId: caseOf(2) },
  { v: 1, kind: "withdrawn", targetId: `${requestId}#2`, withdrawnAt: "2026-11-30T00:00:00.000Z" },
];

const expected = {
  requestId,
  organId: "moj-tokyo",
  submittedAt: "2026-11-28T00:00:00.000Z",
  category: "defamation",
  classification: "rights_infringement",
  legalBasis: "pla_art3_2_1",
  requestedAction: "remove",
  evidence: [`sha256:${"ab".repeat(32)}`],
  targets: [
    {
      targetId: `${requestId}#1`,
      url: "https://example.com/p/1",
      canonicalUrl: "https://example.com/p/1",
      contentKey: contentKey(1),
      withdrawn: false,
      caseId: caseOf(1),
      caseState: "removed",
      platformId: "x",
      latestResponse: {
        action: "removed",
        reasonCode: "illegal_content",
        actedAt: "2026-11-29T00:00:00.000Z",
        noticeRevision: 1,
        text: "Removed.",
      },
    },
    {
      targetId: `${requestId}#2`,
      url: "https://example.com/p/2",
      canonicalUrl: "https://example.com/p/2",
      contentKey: contentKey(2),
      withdrawn: true,
      caseId: caseOf(2),
      caseState: "open",
    },
  ],
};

/** Facts of one kind keep their order (one key, one partition); kinds interleave freely. */
function interleavings(facts: StatusFact[]): StatusFact[][] {
  const byKind = new Map<string, StatusFact[]>();
  for (const fact of facts) byKind.set(fact.kind, [...(byKind.get(fact.kind) ?? []), fact]);
  const kinds = [...byKind.values()];
  return [
    kinds.flat(),
    [...kinds].reverse().flat(),
    roundRobin(kinds),
    roundRobin(kinds.reverse()),
  ];
}

function roundRobin(lists: StatusFact[][]): StatusFact[] {
  const out: StatusFact[] = [];
  for (let i = 0; out.length < lists.flat().length; i++)
    for (const list of lists) if (list[i] !== undefined) out.push(list[i] as StatusFact);
  return out;
}

const text = { caseId: caseOf(1), eventId: "ev-1", text: "Removed." };

describe("StatusStore", () => {
  it("answers the same whatever order the state topic's partitions are read in", () => {
    for (const order of interleavings(history)) {
      const store = new StatusStore(":memory:");
      order.forEach((fact, i) =>
        store.apply({ topic: "state", partition: 0, next: i + 1, facts: [fact] }),
      );
      store.apply({ topic: "responses", partition: 0, next: 1, texts: [text] });
      expect(store.record(requestId, "moj-tokyo")).toEqual(expected);
      store.close();
    }
  });

  it("shows a request to its own organ only", () => {
    const store = new StatusStore(":memory:");
    store.apply({ topic: "state", partition: 0, next: 1, facts: history });
    expect(store.record(requestId, "moj-osaka")).toBeUndefined();
    expect(store.record("req_01JD0000000000000000000002", "moj-tokyo")).toBeUndefined();
  });

  it("orders targets by number and shows none before its target fact", () => {
    const store = new StatusStore(":memory:");
    store.apply({
      topic: "state",
      partition: 0,
      next: 3,
      facts: [
        target(10),
        target(2),
        { v: 1, kind: "member", targetId: `${requestId}#3`, caseId: caseOf(3) },
      ],
    });
    expect(store.record(requestId, "moj-tokyo")?.targets.map((t) => t.targetId)).toEqual([
      `${requestId}#2`,
      `${requestId}#10`,
    ]);
  });

  it("shows an answer's text only with that answer, and forgets it when a later one has none", () => {
    const store = new StatusStore(":memory:");
    store.apply({ topic: "state", partition: 0, next: 1, facts: history });
    // The responses topic read ahead of the facts: a newer answer's text is not shown yet.
    store.apply({
      topic: "responses",
      partition: 0,
      next: 1,
      texts: [{ caseId: caseOf(1), eventId: "ev-2", text: "Restored after appeal." }],
    });
    const first = store.record(requestId, "moj-tokyo")?.targets[0];
    expect(first?.latestResponse).toEqual({
      action: "removed",
      reasonCode: "illegal_content",
      actedAt: "2026-11-29T00:00:00.000Z",
      noticeRevision: 1,
    });
    store.apply({ topic: "responses", partition: 0, next: 2, texts: [text] });
    expect(store.record(requestId, "moj-tokyo")?.targets[0]?.latestResponse?.text).toBe("Removed.");
    // A later answer without text: the earlier text goes, even before that answer's fact is read.
    store.apply({
      topic: "responses",
      partition: 0,
      next: 3,
      texts: [{ caseId: caseOf(1), eventId: "ev-3" }],
    });
    expect(store.record(requestId, "moj-tokyo")?.targets[0]?.latestResponse).not.toHaveProperty(
      "text",
    );
  });

  it("falls back to routing's summary of the answer until the platform's own is read", () => {
    const store = new StatusStore(":memory:");
    store.apply({
      topic: "state",
      partition: 0,
      next: 1,
      facts: history.filter((f) => f.kind !== "response"),
    });
    expect(store.record(requestId, "moj-tokyo")?.targets[0]?.latestResponse).toEqual({
      action: "removed",
      reasonCode: "illegal_content",
    });
  });

  it("applies a batch and its position together or not at all", () => {
    const store = new StatusStore(":memory:");
    store.apply({ topic: "state", partition: 1, next: 5, facts: [target(1)] });
    const broken = { v: 1, kind: "nonsense" } as unknown as StatusFact;
    expect(() =>
      store.apply({ topic: "state", partition: 1, next: 9, facts: [target(2), broken] }),
    ).toThrow();
    expect(store.counts().targets).toBe(1);
    expect(store.positions()).toEqual(new Map([["state/1", 5]]));
  });

  it("forgets what a tombstone deletes", () => {
    const store = new StatusStore(":memory:");
    store.apply({ topic: "state", partition: 0, next: 1, facts: history });
    store.apply({
      topic: "state",
      partition: 0,
      next: 2,
      deletedKeys: [`withdrawn/${requestId}#2`, `response/${caseOf(1)}`, `target/${requestId}#1`],
    });
    const record = store.record(requestId, "moj-tokyo");
    expect(record?.targets.map((t) => [t.targetId, t.withdrawn])).toEqual([
      [`${requestId}#2`, false],
    ]);
    expect(() =>
      store.apply({ topic: "state", partition: 0, next: 3, deletedKeys: ["bogus/x"] }),
    ).toThrow(/tombstone for bogus/);
  });

  it("keeps facts and positions in its file across a reopen", () => {
    const dir = mkdtempSync(join(tmpdir(), "status-store-"));
    try {
      const path = join(dir, "status.db");
      const first = new StatusStore(path);
      first.apply({ topic: "state", partition: 2, next: 12, facts: history });
      first.close();
      const reopened = new StatusStore(path);
      expect(reopened.positions()).toEqual(new Map([["state/2", 12]]));
      expect(reopened.record(requestId, "moj-tokyo")?.targets).toHaveLength(2);
      reopened.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
