import { describe, expect, it } from "vitest";
import { StagedCases } from "./case-state-store.js";
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

describe("StagedCases.dueBy", () => {
  it("gives the cases due by then, staged changes over committed ones", () => {
    const now = Date.parse("2026-02-01T00:00:00.000Z");
    const committed = new Map(
      [
        routed("past", "2026-01-31T00:00:00.000Z"),
        routed("exactly", "2026-02-01T00:00:00.000Z"),
        routed("future", "2026-02-02T00:00:00.000Z"),
        routed("none"),
        routed("moved-later", "2026-01-15T00:00:00.000Z"),
        routed("moved-earlier", "2026-03-01T00:00:00.000Z"),
      ].map((c) => [c.contentKey, c]),
    );
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
});
