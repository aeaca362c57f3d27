import { TransparencyFacts } from "@takedown/audit-tools";
import type { AuditEntry } from "@takedown/audit-tools";
import { describe, expect, it } from "vitest";
import { addMonths, monthsBetween, publicTransparencyReport } from "./public-transparency.js";

const HOUR = 3600_000;
let n = 0;
function entry(type: string, time: number, data: Record<string, unknown>): AuditEntry {
  const at = new Date(time).toISOString();
  n++;
  return {
    index: String(n),
    recordedAt: at,
    source: { topic: "takedown.cases.v1", partition: 0, offset: String(n), key: null },
    attributes: { id: `event-${n}`, type: `jp.takedown.${type}.v1`, time: at },
    data,
  };
}

/** `count` cases on `platform` notified from `start`, the first `removed` removed after i+1 h. */
function cases(
  facts: TransparencyFacts,
  platform: string,
  start: number,
  count: number,
  removed: number,
) {
  for (let i = 0; i < count; i++) {
    const caseId = `case_${platform}_${start}_${i}`;
    const organId = `organ-${i % 2}`;
    facts.add(
      entry("case.opened", start, {
        caseId,
        member: {
          organId,
          requestId: `req_${caseId}`,
          category: "defamation",
          classification: "harmful",
        },
      }),
    );
    facts.add(
      entry("notice.issued", start + i * HOUR, {
        caseId,
        platformId: platform,
        categories: ["defamation"],
        classification: "harmful",
      }),
    );
    if (i < removed)
      facts.add(
        entry("response.submitted", start + (2 * i + 1) * HOUR, {
          caseId,
          platformId: platform,
          action: "removed",
          actedAt: new Date(start + (2 * i + 1) * HOUR).toISOString(),
        }),
      );
  }
}

describe("publicTransparencyReport", () => {
  const facts = new TransparencyFacts();
  const june = Date.parse("2025-06-03T00:00:00Z");
  cases(facts, "big", june, 6, 5);
  cases(facts, "edge", june, 5, 4);
  cases(facts, "small", june, 4, 4);
  cases(facts, "big", Date.parse("2025-08-10T00:00:00Z"), 5, 0);
  const report = publicTransparencyReport({
    facts,
    treeSize: 123n,
    from: "2025-06",
    to: "2025-08",
    minCell: 5,
  });
  const month = (m: string) => report.months.find((x) => x.month === m);
  const platform = (m: string, p: string) => month(m)?.platforms.find((x) => x.platform === p);

  it("lists every month of the range, empty ones with zero cases", () => {
    expect(report.months.map((m) => m.month)).toEqual(["2025-06", "2025-07", "2025-08"]);
    expect(month("2025-07")).toEqual({ month: "2025-07", cases: 0, platforms: [] });
    expect(month("2025-06")?.cases).toBe(15);
    expect(report.logSize).toBe("123");
  });

  it("shows a platform of minCell cases or more, withholding counts from 1 to minCell−1", () => {
    expect(platform("2025-06", "big")).toMatchObject({
      suppressed: false,
      cases: 6,
      requests: 6,
      removed: 5,
      removalRate: 0.8333,
      declined: 0,
      declinedRate: 0,
      // Notified at i h, removed at 2i+1 h: after 1…5 h, nearest-rank p50 3 h, p90 5 h.
      timeToActionP50Seconds: 3 * 3600,
      timeToActionP90Seconds: 5 * 3600,
    });
    // 5 cases is enough to show; 4 removals are not, nor their rate or times.
    expect(platform("2025-06", "edge")).toMatchObject({
      suppressed: false,
      cases: 5,
      removed: null,
      removalRate: null,
      timeToActionP50Seconds: null,
    });
    expect(platform("2025-08", "big")).toMatchObject({ cases: 5, removed: 0, removalRate: 0 });
  });

  it("suppresses a platform with fewer than minCell cases entirely, and says so", () => {
    const small = platform("2025-06", "small");
    expect(small?.suppressed).toBe(true);
    expect(
      Object.entries(small ?? {}).filter(
        ([k, v]) => k !== "platform" && k !== "suppressed" && v !== null,
      ),
    ).toEqual([]);
    expect(report.suppression.rule).toMatch(/from 1 to 4/);
  });

  it("names no case, request, organ or event", () => {
    const text = JSON.stringify(report);
    expect(text).not.toMatch(/case_|req_|organ-|event-/);
  });

  it("counts months inclusively across years", () => {
    expect(monthsBetween("2024-11", "2025-02")).toBe(4);
    expect(addMonths("2025-01", -11)).toBe("2024-02");
    expect(addMonths("2024-12", 1)).toBe("2025-01");
  });
});
