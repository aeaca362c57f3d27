import type { TargetSubmissionV1 } from "@takedown/contracts";
import { legacySampleData, sampleEvents } from "@takedown/contracts/fixtures";
import { describe, expect, it } from "vitest";
import type { AuditEntry } from "./audit-entry.js";
import { reportToCsv, reportToHtml } from "./report-formats.js";
import { replayEntries } from "./replay-entries.js";
import { buildTransparencyReport } from "./transparency-report.js";

const HOUR = 3600_000;
const T0 = Date.parse("2025-06-02T00:00:00Z");
const at = (hours: number) => new Date(T0 + hours * HOUR).toISOString();
// Entries written before v2 still hold personal data inline: reports and replay must drop it.
const submission = (
  legacySampleData["jp.takedown.case.opened.v1"] as { member: TargetSubmissionV1 }
).member;
const noticeData = sampleEvents["notice.issued"].data;
const responseData = sampleEvents["response.submitted"].data;
const SECRET_TEXT = "MARKER-FREE-TEXT-7f3a";

let index = 0;
function entry(type: string, time: string, data: Record<string, unknown>): AuditEntry {
  return {
    index: String(index++),
    recordedAt: time,
    source: { topic: "takedown.cases.v1", partition: 0, offset: String(index), key: null },
    attributes: { specversion: "1.0", id: `e-${index}`, type: `jp.takedown.${type}.v1`, time },
    data,
  };
}

function member(organId: string, category: string, classification: string, requestId: string) {
  return { ...submission, organId, category, classification, requestId, description: SECRET_TEXT };
}

/** Three cases notified in the period, one before it; the expected figures follow by hand. */
function scenario(): AuditEntry[] {
  index = 0;
  const notice = (
    caseId: string,
    platformId: string,
    hours: number,
    categories: string[],
    classification: string,
  ) =>
    entry("notice.issued", at(hours), {
      ...noticeData,
      requests: [],
      caseId,
      platformId,
      categories,
      classification,
      issuedAt: at(hours),
    });
  const respond = (caseId: string, platformId: string, hours: number, action: string) =>
    entry("response.submitted", at(hours), {
      ...responseData,
      caseId,
      platformId,
      action,
      actedAt: at(hours),
      text: SECRET_TEXT,
    });
  return [
    entry("case.opened", at(-30), {
      caseId: "A",
      member: member("moj-tokyo", "defamation", "rights_infringement", "req_T1"),
    }),
    entry("case.merged", at(-29), {
      caseId: "A",
      member: member("moj-osaka", "defamation", "rights_infringement", "req_O1"),
    }),
    entry("case.opened", at(-20), {
      caseId: "B",
      member: member("moj-tokyo", "privacy", "harmful", "req_T1"),
    }),
    entry("case.opened", at(-10), {
      caseId: "C",
      member: member("moj-osaka", "insult", "rights_infringement", "req_O2"),
    }),
    entry("case.opened", at(-50), {
      caseId: "D",
      member: member("moj-tokyo", "other", "harmful", "req_T0"),
    }),
    notice("D", "x", -40, ["other"], "harmful"), // before the period
    notice("A", "x", 0, ["defamation"], "rights_infringement"),
    notice("B", "x", 1, ["privacy"], "harmful"),
    notice("C", "y", 2, ["insult"], "rights_infringement"),
    respond("A", "x", 2, "acknowledged"),
    respond("B", "x", 5, "declined"),
    respond("A", "x", 10, "removed"),
    entry("case.escalated", at(50), { caseId: "C", platformId: "y" }),
  ];
}

describe("buildTransparencyReport from a scripted scenario", () => {
  it("has the counts, shares, times and breaches the scenario implies", async () => {
    const report = await buildTransparencyReport({
      entries: scenario(),
      from: new Date(at(-1)),
      to: new Date(at(24)),
    });
    expect(report.cases).toBe(3);
    const row = (dimension: string, key: string) =>
      report.rows.find((r) => r.dimension === dimension && r.key === key);
    expect(row("platform", "x")).toMatchObject({
      cases: 2,
      // req_T1 has targets in A and B: one request; req_O1 merged into A.
      requests: 2,
      outcomes: { removed: 1, declined: 1, escalated: 0, pending: 0 },
      outcomeShares: { removed: 0.5, declined: 0.5 },
      // First responses after 2 h (A) and 4 h (B): nearest-rank p50 = 2 h, p90 = 4 h.
      timeToFirstResponse: { count: 2, p50Seconds: 2 * 3600, p90Seconds: 4 * 3600 },
      timeToAction: { count: 1, p50Seconds: 10 * 3600, p90Seconds: 10 * 3600 },
      deadlineBreaches: 0,
    });
    expect(row("platform", "y")).toMatchObject({
      cases: 1,
      outcomes: { escalated: 1 },
      timeToFirstResponse: { count: 0, p50Seconds: null },
      deadlineBreaches: 1,
    });
    expect(row("organ", "moj-osaka")).toMatchObject({ cases: 2, requests: 2, deadlineBreaches: 1 });
    expect(row("platform", "y")).toMatchObject({ requests: 1 });
    expect(row("organ", "moj-tokyo")).toMatchObject({
      cases: 2,
      requests: 1,
      outcomes: { removed: 1, declined: 1 },
    });
    expect(row("category", "defamation")).toMatchObject({ cases: 1, outcomes: { removed: 1 } });
    expect(row("classification", "rights_infringement")).toMatchObject({
      cases: 2,
      deadlineBreaches: 1,
    });
    expect(row("category", "other")).toBeUndefined();
  });

  it("groups per organ kind, counting each kind's own requests", async () => {
    const report = await buildTransparencyReport({
      entries: scenario(),
      from: new Date(at(-1)),
      to: new Date(at(24)),
      organKinds: new Map([["moj-osaka", "district_legal_affairs_bureau"]]),
    });
    const kinds = report.rows.filter((r) => r.dimension === "organKind");
    expect(kinds.map((r) => [r.key, r.cases, r.requests])).toEqual([
      // A and C are moj-osaka's (req_O1, req_O2); A and B moj-tokyo's, not in the map (req_T1).
      ["district_legal_affairs_bureau", 2, 2],
      ["unknown", 2, 1],
    ]);
  });

  it("writes no contact, victim or free text into JSON, CSV or HTML", async () => {
    const report = await buildTransparencyReport({
      entries: scenario(),
      from: new Date(at(-100)),
      to: new Date(at(100)),
    });
    const personal = JSON.stringify(submission.personal);
    const forbidden = [
      SECRET_TEXT,
      ...(personal.match(/"[^"]+"/g) ?? [])
        .map((s) => s.slice(1, -1))
        .filter((s) => s.length > 3 && s !== "name" && s !== "email"),
      submission.description,
    ];
    expect(forbidden.length).toBeGreaterThan(3);
    const csv = reportToCsv(report);
    const html = reportToHtml(report);
    for (const output of [JSON.stringify(report), csv, html]) {
      for (const text of forbidden) expect(output).not.toContain(text);
      expect(output).not.toMatch(/contact|victim|description|note/i);
    }
    expect(csv.split("\r\n")[0]).toContain("first_response_p50_s");
    expect(html).toContain("<svg");
    expect(html).not.toMatch(/<script|src=|href=/i);
  });
});

describe("replayEntries", () => {
  it("filters by organ, platform, case, type and time, without personal data", async () => {
    const lines: string[] = [];
    for await (const line of replayEntries({ entries: scenario(), filter: { caseId: "A" } }))
      lines.push(line);
    expect(lines.map((l) => (JSON.parse(l) as AuditEntry).attributes["type"])).toEqual([
      "jp.takedown.case.opened.v1",
      "jp.takedown.case.merged.v1",
      "jp.takedown.notice.issued.v1",
      "jp.takedown.response.submitted.v1",
      "jp.takedown.response.submitted.v1",
    ]);
    expect(lines.join("")).not.toContain(JSON.stringify(submission.personal?.contact?.email));
    // Entries from before v2 hold free text inline; replay drops it too.
    const memberships = lines.filter((l) => /case\.(opened|merged)\.v1/.test(l)).join("");
    expect(memberships).toContain(submission.requestId);
    expect(memberships).not.toContain(SECRET_TEXT);
    expect(memberships).not.toContain(submission.legalBasisText ?? "?");
    const count = async (filter: Parameters<typeof replayEntries>[0]["filter"]) => {
      let n = 0;
      for await (const line of replayEntries({ entries: scenario(), filter }))
        n += line.length > 0 ? 1 : 0;
      return n;
    };
    expect(await count({ organId: "moj-osaka" })).toBe(2);
    expect(await count({ platformId: "y" })).toBe(2);
    expect(await count({ eventType: "notice.issued" })).toBe(4);
    expect(
      await count({ eventType: "notice.issued", from: new Date(at(0)), to: new Date(at(2)) }),
    ).toBe(2);
  });
});
