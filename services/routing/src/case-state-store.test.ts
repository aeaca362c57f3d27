import { describe, expect, it } from "vitest";
import { CommittedCases, StagedCases } from "./case-state-store.js";
import type { RoutedCase } from "./routed-case.js";

const routed = (contentKey: string, deadline?: string): RoutedCase =>
  ({
    caseId: `case_${contentKey}`,
    contentKey,
    canonicalUrl: `https://example.com/${contentKey}`,
    state: "notified",
    revision: 1,
    members: [],
    escalationLevel: 0,
    updatedAt: "2026-01-01T00:00:00.000Z",
    ...(deadline === undefined ? {} : { deadline }),
  }) as unknown as RoutedCase;

function committedOf(cases: RoutedCase[]): CommittedCases {
  const committed = new CommittedCases();
  for (const c of cases) committed.set(c, JSON.stringify(c));
  return committed;
}

describe("StagedCases.dueBy", () => {
  it("gives the cases due by then, staged changes over committed ones", () => {
    const now = Date.parse("2026-02-01T00:00:00.000Z");
    const committed = committedOf([
      routed("past", "2026-01-31T00:00:00.000Z"),
      routed("exactly", "2026-02-01T00:00:00.000Z"),
      routed("future", "2026-02-02T00:00:00.000Z"),
      routed("none"),
      routed("moved-later", "2026-01-15T00:00:00.000Z"),
      routed("moved-earlier", "2026-03-01T00:00:00.000Z"),
    ]);
    const staged = new StagedCases(committed);
    staged.set(routed("moved-later", "2026-03-01T00:00:00.000Z"));
    staged.set(routed("moved-earlier", "2026-01-20T00:00:00.000Z"));
    staged.set(routed("new-due", "2026-01-25T00:00:00.000Z"));
    staged.set(routed("new-not-due", "2026-05-01T00:00:00.000Z"));

    const due = staged.dueBy(now);
    expect(due.map((c) => c.contentKey).sort()).toEqual([
      "exactly",
      "moved-earlier",
      "new-due",
      "past",
    ]);
    expect(due.find((c) => c.contentKey === "moved-earlier")?.deadline).toBe(
      "2026-01-20T00:00:00.000Z",
    );
    // Staged, not committed: the committed map is untouched until commit().
    expect(committed.get("moved-earlier")?.deadline).toBe("2026-03-01T00:00:00.000Z");
  });

  it("drops a deadline that a committed change removed, and one of a deleted case", () => {
    const committed = committedOf([
      routed("answered", "2026-01-01T00:00:00.000Z"),
      routed("erased", "2026-01-01T00:00:00.000Z"),
    ]);
    const staged = new StagedCases(committed);
    staged.set(routed("answered"));
    staged.commit();
    committed.delete("erased");
    expect(staged.dueBy(Date.parse("2026-02-01T00:00:00.000Z"))).toEqual([]);
    expect(committed.size).toBe(1);
  });
});

describe("CommittedCases", () => {
  it("gives back what was committed, as a copy the caller may change", () => {
    const original = routed("k", "2026-01-01T00:00:00.000Z");
    const committed = committedOf([original]);
    const first = committed.get("k");
    expect(first).toEqual(original);
    if (first !== undefined) first.state = "removed";
    expect(committed.get("k")?.state).toBe("notified");
    expect(committed.get("other")).toBeUndefined();
  });

  it("takes the changelog value's JSON as the state: what is restored is what was written", () => {
    const written = routed("k", "2026-01-01T00:00:00.000Z");
    const staged = new StagedCases(new CommittedCases());
    const json = JSON.stringify(written);
    staged.set(written, json);
    expect(staged.get("k")).toBe(written);
    const committed = new CommittedCases();
    const later = new StagedCases(committed);
    later.set(written, json);
    later.commit();
    expect(committed.get("k")).toEqual(JSON.parse(json));
  });
});
