import { caseIdFor, type CaseState } from "@takedown/contracts";
import { describe, expect, it } from "vitest";
import { requestListQuerySchema, type RequestList } from "./request-list.js";
import type { StatusFact } from "./status-fact.js";
import { StatusStore } from "./status-store.js";

const T0 = Date.parse("2026-11-01T00:00:00.000Z");
const CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
const ulid = (n: number) => {
  let text = "";
  for (let i = 0, rest = n; i < 26; i++, rest = Math.floor(rest / 32))
    text = (CROCKFORD[rest % 32] ?? "0") + text;
  return text;
};
const requestIdOf = (n: number) => `req_${ulid(n)}`;
const keyOf = (n: number) => n.toString(16).padStart(64, "0");
const caseOf = (n: number) => caseIdFor(keyOf(n), ulid(n));

/** Request n of an organ: one target on content n, on case n in `state` (none: no case yet). */
function request(
  n: number,
  options: { organId?: string; state?: CaseState; platformId?: string; withdrawn?: boolean } = {},
): StatusFact[] {
  const requestId = requestIdOf(n);
  const targetId = `${requestId}#1`;
  const facts: StatusFact[] = [
    {
      v: 1,
      kind: "target",
      targetId,
      requestId,
      organId: options.organId ?? "moj-tokyo",
      submittedAt: new Date(T0 + n * 1000).toISOString(),
      category: n % 2 === 0 ? "defamation" : "privacy",
      classification: "rights_infringement",
      legalBasis: "pla_art3_2_1",
      requestedAction: "remove",
      evidence: [],
      url: `https://x.com/i/status/${n}`,
      canonicalUrl: `https://x.com/i/status/${n}`,
      contentKey: keyOf(n),
    },
  ];
  if (options.state !== undefined) {
    facts.push({ v: 1, kind: "member", targetId, caseId: caseOf(n) });
    facts.push({ v: 1, kind: "case-state", caseId: caseOf(n), state: options.state });
    facts.push({
      v: 1,
      kind: "case-platform",
      caseId: caseOf(n),
      platformId: options.platformId ?? "x",
    });
  }
  if (options.withdrawn === true)
    facts.push({ v: 1, kind: "withdrawn", targetId, withdrawnAt: new Date(T0).toISOString() });
  return facts;
}

function storeWith(facts: StatusFact[]): StatusStore {
  const store = new StatusStore(":memory:");
  store.apply({ topic: "state", partition: 0, next: facts.length, facts });
  return store;
}

const query = (q: Record<string, string> = {}) => requestListQuerySchema.parse(q);

function pages(store: StatusStore, organId: string, q: Record<string, string>): RequestList[] {
  const all: RequestList[] = [];
  let cursor: string | null = null;
  do {
    const page = store.list(organId, query({ ...q, ...(cursor !== null && { cursor }) }));
    if (page === undefined) throw new Error("cursor refused");
    all.push(page);
    cursor = page.nextCursor;
  } while (cursor !== null);
  return all;
}

describe("StatusStore request list", () => {
  const states: CaseState[] = ["notified", "needs_info", "removed", "declined"];
  const facts = Array.from({ length: 250 }, (_, n) => [
    ...request(n, {
      ...(n % 5 === 4 ? {} : { state: states[n % 5] }),
      platformId: n % 3 === 0 ? "y" : "x",
      withdrawn: n === 7,
    }),
    ...request(1000 + n, { organId: "moj-osaka", state: "notified" }),
  ]).flat();
  const store = storeWith(facts);

  it("pages one organ's requests newest first, every request once, with its states", () => {
    const all = pages(store, "moj-tokyo", { limit: "40" });
    expect(all).toHaveLength(7);
    const ids = all.flatMap((p) => p.items.map((i) => i.requestId));
    expect(ids).toEqual(Array.from({ length: 250 }, (_, n) => requestIdOf(249 - n)));
    expect(all.at(-1)?.nextCursor).toBeNull();
    const first = all[0]?.items[0];
    expect(first).toMatchObject({ requestId: requestIdOf(249), targetCount: 1 });
    expect(first?.states).toEqual({ submitted: 1 });
    const seventh = all.flatMap((p) => p.items).find((i) => i.requestId === requestIdOf(7));
    expect(seventh?.states).toEqual({ withdrawn: 1 });
  });

  it("counts targets per state over everything the filters other than state match", () => {
    const { counts } = store.list("moj-tokyo", query({ limit: "1", state: "removed" })) ?? {};
    expect(counts).toEqual({
      notified: 50,
      needs_info: 50,
      removed: 49,
      withdrawn: 1,
      declined: 50,
      submitted: 50,
    });
  });

  it("filters by state, platform, category and time, and keeps other organs out", () => {
    const ids = (q: Record<string, string>) =>
      pages(store, "moj-tokyo", { limit: "200", ...q }).flatMap((p) =>
        p.items.map((i) => i.requestId),
      );
    expect(ids({ state: "needs_info" })).toHaveLength(50);
    expect(ids({ state: "submitted", platform: "x" })).toEqual([]);
    expect(ids({ platform: "y", state: "notified" })).toHaveLength(
      Array.from({ length: 250 }, (_, n) => n).filter((n) => n % 5 === 0 && n % 3 === 0).length,
    );
    expect(ids({ category: "privacy" })).toHaveLength(125);
    expect(
      ids({
        from: new Date(T0 + 10_000).toISOString(),
        to: new Date(T0 + 20_000).toISOString(),
      }),
    ).toEqual(Array.from({ length: 10 }, (_, n) => requestIdOf(19 - n)));
    const osaka = pages(store, "moj-osaka", { limit: "200" }).flatMap((p) => p.items);
    expect(osaka).toHaveLength(250);
    expect(osaka.every((i) => i.requestId >= requestIdOf(1000))).toBe(true);
    expect(store.list("moj-nagoya", query())).toEqual({ items: [], counts: {}, nextCursor: null });
  });

  it("refuses a cursor it did not give", () => {
    expect(store.list("moj-tokyo", query({ cursor: "bm9wZQ" }))).toBeUndefined();
  });

  it("says which content has a case that is not over, whoever's it is", () => {
    // 0 notified, 1 needs_info, 2 removed, 3 declined, 4 on no case yet; 1000 is moj-osaka's.
    expect(store.openContentKeys([0, 1, 2, 3, 4, 1000, 5000].map(keyOf))).toEqual(
      [0, 1, 1000].map(keyOf),
    );
  });

  it("drops a request once its last target is tombstoned", () => {
    const small = storeWith(request(1, { state: "notified" }));
    small.apply({
      topic: "state",
      partition: 0,
      next: 10,
      deletedKeys: [`target/${requestIdOf(1)}#1`],
    });
    expect(small.list("moj-tokyo", query())?.items).toEqual([]);
  });

  it("walks the organ's index for a page instead of scanning every request", () => {
    const plan = store.explainList("moj-tokyo", query({ state: "removed" }));
    expect(plan).toMatch(/requests_by_organ/);
  });
});
