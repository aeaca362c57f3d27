import { caseIdFor } from "@takedown/contracts";
import { describe, expect, it } from "vitest";
import type { StatusFact } from "./status-fact.js";
import { StatusStore } from "./status-store.js";

const reqA = "req_01JD000000000000000000000A";
const reqB = "req_01JD000000000000000000000B";
const key = (n: number) => n.toString(16).padStart(2, "0").repeat(32);
const caseOf = (n: number) => caseIdFor(key(n), "01JD0000000000000000000000");
const ev = (name: string) => `sha256:${name.repeat(64 / name.length)}`;

function target(requestId: string, n: number, evidence: string[]): StatusFact {
  return {
    v: 1,
    kind: "target",
    targetId: `${requestId}#1`,
    requestId,
    organId: "moj-tokyo",
    submittedAt: "2026-11-28T00:00:00.000Z",
    category: "defamation",
    classification: "rights_infringement",
    legalBasis: "pla_art3_2_1",
    requestedAction: "remove",
    evidence,
    url: `https://example.com/p/${n}`,
    canonicalUrl: `https://example.com/p/${n}`,
    contentKey: key(n),
  };
}

function storeWith(facts: StatusFact[]): StatusStore {
  const store = new StatusStore(":memory:");
  store.apply({ topic: "state", partition: 0, next: facts.length, facts });
  return store;
}

describe("the store's erasure tables", () => {
  const history: StatusFact[] = [
    target(reqA, 1, [ev("aa"), ev("cc")]),
    target(reqB, 2, [ev("cc")]),
    {
      v: 1,
      kind: "answer",
      answerId: "ans_01JD0000000000000000000000",
      targetId: `${reqA}#1`,
      requestId: reqA,
      evidence: [ev("dd")],
    },
    { v: 1, kind: "member", targetId: `${reqA}#1`, caseId: caseOf(1) },
    { v: 1, kind: "case-state", caseId: caseOf(1), state: "removed", at: "2026-11-30T00:00:00Z" },
    { v: 1, kind: "member", targetId: `${reqB}#1`, caseId: caseOf(2) },
    { v: 1, kind: "case-state", caseId: caseOf(2), state: "notified", at: "2026-11-29T00:00:00Z" },
  ];

  it("counts the evidence of submissions and answers, and whose erasure frees it", () => {
    const store = storeWith(history);
    const index = store.erasures;
    expect(index.evidenceOf(reqA).sort()).toEqual([ev("aa"), ev("cc"), ev("dd")].sort());
    expect(index.pendingPurges(10)).toEqual([]);
    store.apply({
      topic: "state",
      partition: 0,
      next: 99,
      facts: [
        {
          v: 1,
          kind: "erased",
          targetId: `${reqA}#1`,
          requestId: reqA,
          erasedAt: "2026-12-01T00:00:00Z",
          cause: "request",
        },
      ],
    });
    expect(index.pendingPurges(10)).toEqual([reqA]);
    expect(index.referencesOf(ev("cc"))).toEqual(
      expect.arrayContaining([
        { requestId: reqA, erased: true },
        { requestId: reqB, erased: false },
      ]),
    );
    expect(store.record(reqA, "moj-tokyo")?.targets[0]?.erasedAt).toBe("2026-12-01T00:00:00Z");
    expect(store.list("moj-tokyo", { limit: 10 })?.counts).toMatchObject({ erased: 1 });
    // An erased request is no retention candidate any more; the open one stays one.
    expect([...index.liveRequests().keys()]).toEqual([reqB]);
    index.markPurged(reqA, new Date());
    expect(index.pendingPurges(10)).toEqual([]);
    store.close();
  });

  it("gives retention each live target's closing time", () => {
    const store = storeWith(history);
    const live = store.erasures.liveRequests();
    expect(live.get(reqA)).toEqual([
      expect.objectContaining({ caseState: "removed", stateAt: "2026-11-30T00:00:00Z" }),
    ]);
    expect(live.get(reqB)).toEqual([expect.objectContaining({ caseState: "notified" })]);
    expect(store.erasures.targetsOf(reqA)).toEqual([
      { targetId: `${reqA}#1`, organId: "moj-tokyo", contentKey: key(1) },
    ]);
    store.close();
  });
});
