import { createHash } from "node:crypto";
import { caseIdFor, createEvent, encodeEvent } from "@takedown/contracts";
import type { AnyTakedownEvent, EventDataOf } from "@takedown/contracts";
import { sampleEvents } from "@takedown/contracts/fixtures";
import type { RecordToSend } from "@takedown/kafka";

/*
 * A small history of cases, notices and answers whose removal rates and times are known, for the
 * tests of audit's report and API and of the auditor portal: one scenario, so that both check
 * the same figures.
 */
const HOUR = 3600_000;
const ulid = (n: number) => `01J9Z8X7QK3M4N5P6R7S8T${String(n).padStart(4, "0")}`;

/** Where each record goes: the SPEC topic's short name, as test topics are named after it. */
export type ScenarioTopic =
  "cases" | "notices-x" | "notices-y" | "responses-x" | "responses-y" | "triage";

export interface ScenarioRecord {
  readonly topic: ScenarioTopic;
  readonly message: RecordToSend;
  readonly eventId: string;
  readonly caseId: string;
}

interface CasePlan {
  platform: "x" | "y";
  notifiedAt: number;
  organ: string;
  category: "defamation" | "privacy" | "insult" | "other";
  classification: "rights_infringement" | "harmful";
  /** removed / restricted / declined after `hours`, or escalated, or no answer. */
  outcome: { action: "removed" | "restricted" | "declined"; hours: number } | "escalated" | "none";
  mergedBy?: string;
}

const JUNE = Date.parse("2025-06-02T00:00:00Z");
const MAY = Date.parse("2025-05-20T00:00:00Z");

/**
 * June 2025: platform x gets 7 cases (5 removed after 1–5 h, 1 declined, 1 escalated; case 0 also
 * merges a second organ's request), platform y 2 (1 restricted, 1 unanswered); May: 1 case on x.
 * The members carry the sample's personal data, so a report that leaked it would show it.
 */
export function scenarioPlans(): CasePlan[] {
  const x: CasePlan[] = Array.from({ length: 7 }, (_, i) => ({
    platform: "x",
    notifiedAt: JUNE + i * HOUR,
    organ: i % 2 === 0 ? "moj-tokyo" : "moj-osaka",
    category: i < 4 ? "defamation" : "privacy",
    classification: i < 5 ? "rights_infringement" : "harmful",
    outcome:
      i < 5
        ? { action: "removed", hours: i + 1 }
        : i === 5
          ? { action: "declined", hours: 3 }
          : "escalated",
    ...(i === 0 ? { mergedBy: "moj-osaka" } : {}),
  }));
  return [
    ...x,
    {
      platform: "y",
      notifiedAt: JUNE + 2 * HOUR,
      organ: "moj-tokyo",
      category: "insult",
      classification: "harmful",
      outcome: { action: "restricted", hours: 8 },
    },
    {
      platform: "y",
      notifiedAt: JUNE + 3 * HOUR,
      organ: "moj-osaka",
      category: "insult",
      classification: "harmful",
      outcome: "none",
    },
    {
      platform: "x",
      notifiedAt: MAY,
      organ: "moj-tokyo",
      category: "other",
      classification: "rights_infringement",
      outcome: { action: "removed", hours: 2 },
    },
  ];
}

/** Every record of the scenario, encoded as the pipeline writes them, with unique event ids. */
export function scenarioRecords(idPrefix: string, plans = scenarioPlans()): ScenarioRecord[] {
  const records: ScenarioRecord[] = [];
  let n = 0;
  const add = (topic: ScenarioTopic, caseId: string, event: AnyTakedownEvent) => {
    const encoded = encodeEvent(event);
    records.push({
      topic,
      caseId,
      eventId: event.id,
      message: { key: encoded.key, value: encoded.value, headers: encoded.headers },
    });
  };
  plans.forEach((plan, i) => {
    const url = `https://${plan.platform}.example/status/${idPrefix}/${i}`;
    const contentKey = createHash("sha256").update(url).digest("hex");
    const caseId = caseIdFor(contentKey, ulid(i));
    const member = (organId: string, r: number) => {
      const requestId = `req_${ulid(100 + i * 2 + r)}`;
      return {
        ...sampleEvents["case.opened"].data.member,
        requestId,
        targetId: `${requestId}#1`,
        organId,
        url,
        category: plan.category,
        classification: plan.classification,
      } as EventDataOf<"case.opened">["member"];
    };
    const opts = (at: number, source: string) => ({
      id: `${idPrefix}-${n++}`,
      time: new Date(at),
      source,
    });
    const base = { caseId, contentKey };
    const opened = member(plan.organ, 0);
    add(
      "cases",
      caseId,
      createEvent(
        "case.opened",
        {
          ...sampleEvents["case.opened"].data,
          ...base,
          canonicalUrl: url,
          platformHint: plan.platform,
          member: opened,
          openedAt: new Date(plan.notifiedAt - HOUR).toISOString(),
        },
        opts(plan.notifiedAt - HOUR, "/takedown/dedup"),
      ),
    );
    const requests = [opened];
    if (plan.mergedBy !== undefined) {
      const merged = member(plan.mergedBy, 1);
      requests.push(merged);
      add(
        "cases",
        caseId,
        createEvent(
          "case.merged",
          {
            ...sampleEvents["case.merged"].data,
            ...base,
            canonicalUrl: url,
            member: merged,
            memberCount: 2,
            mergedAt: new Date(plan.notifiedAt - HOUR / 2).toISOString(),
          },
          opts(plan.notifiedAt - HOUR / 2, "/takedown/dedup"),
        ),
      );
    }
    const issuedAt = new Date(plan.notifiedAt).toISOString();
    add(
      `notices-${plan.platform}`,
      caseId,
      createEvent(
        "notice.issued",
        {
          ...sampleEvents["notice.issued"].data,
          ...base,
          platformId: plan.platform,
          canonicalUrl: url,
          urls: [url],
          classification: plan.classification,
          categories: [plan.category],
          requests,
          issuedAt,
        },
        opts(plan.notifiedAt, "/takedown/routing"),
      ),
    );
    if (plan.outcome === "escalated") {
      const at = plan.notifiedAt + 7 * 24 * HOUR;
      add(
        "triage",
        caseId,
        createEvent(
          "case.escalated",
          {
            ...sampleEvents["case.escalated"].data,
            ...base,
            platformId: plan.platform,
            escalatedAt: new Date(at).toISOString(),
          },
          opts(at, "/takedown/routing"),
        ),
      );
    } else if (plan.outcome !== "none") {
      const at = plan.notifiedAt + plan.outcome.hours * HOUR;
      add(
        `responses-${plan.platform}`,
        caseId,
        createEvent(
          "response.submitted",
          {
            ...sampleEvents["response.submitted"].data,
            ...base,
            platformId: plan.platform,
            noticeRevision: 1,
            action: plan.outcome.action,
            actedAt: new Date(at).toISOString(),
          },
          opts(at, `/platforms/${plan.platform}`),
        ),
      );
    }
  });
  return records;
}
