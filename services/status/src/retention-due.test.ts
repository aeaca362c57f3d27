import { describe, expect, it } from "vitest";
import { retentionDueAt } from "./retention-due.js";

const DAY = 86_400_000;

describe("retentionDueAt", () => {
  it("counts from the last target to be done, withdrawn or closed", () => {
    const due = retentionDueAt(
      [
        { caseState: "removed", stateAt: "2026-01-10T00:00:00Z" },
        { withdrawnAt: "2026-01-12T00:00:00+09:00" },
        { caseState: "declined", stateAt: "2026-01-05T00:00:00Z" },
      ],
      180 * DAY,
    );
    expect(due?.toISOString()).toBe(
      new Date(Date.parse("2026-01-11T15:00:00Z") + 180 * DAY).toISOString(),
    );
  });

  it("is never due while one case of the request is still open or not yet a case", () => {
    const closed = { caseState: "removed" as const, stateAt: "2026-01-10T00:00:00Z" };
    for (const open of [
      { caseState: "notified" as const, stateAt: "2026-01-01T00:00:00Z" },
      { caseState: "needs_info" as const, stateAt: "2026-01-01T00:00:00Z" },
      { caseState: "restricted" as const, stateAt: "2026-01-01T00:00:00Z" },
      {},
    ])
      expect(retentionDueAt([closed, open], 0)).toBeUndefined();
  });

  it("is not due for a closed case whose closing time is unknown, nor for no targets", () => {
    expect(retentionDueAt([{ caseState: "withdrawn" }], 0)).toBeUndefined();
    expect(retentionDueAt([], 0)).toBeUndefined();
  });

  it("a withdrawn target is done even while its case stays open for other organs", () => {
    const due = retentionDueAt(
      [
        {
          withdrawnAt: "2026-02-01T00:00:00Z",
          caseState: "notified",
          stateAt: "2026-01-01T00:00:00Z",
        },
      ],
      1000,
    );
    expect(due?.getTime()).toBe(Date.parse("2026-02-01T00:00:00Z") + 1000);
  });
});
