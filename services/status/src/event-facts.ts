import type { AnyTakedownEvent } from "@takedown/contracts";
import { assertNever } from "@takedown/errors";
import type { StatusFact, StepFact } from "./status-fact.js";

function step(eventId: string, caseId: string, kind: StepFact["step"], at: string): StepFact {
  return { v: 1, kind: "step", caseId, eventId, step: kind, at };
}

/**
 * The status fold: what one pipeline event says about the status of targets and cases. Pure and
 * stateless (every fact is the latest word of one event type about one target or case), so the
 * updater needs no state of its own, a batch read again yields the same records, and the order in
 * which the co-partitioned topics are read does not matter.
 */
export function factsOf(event: AnyTakedownEvent): StatusFact[] {
  switch (event.type) {
    case "target.submitted": {
      const d = event.data;
      // Description, notes, legal-basis text and personal data stay out: only what GET shows.
      return [
        {
          v: 1,
          kind: "target",
          targetId: d.targetId,
          requestId: d.requestId,
          organId: d.organId,
          submittedAt: d.submittedAt,
          category: d.category,
          classification: d.classification,
          legalBasis: d.legalBasis,
          requestedAction: d.requestedAction,
          evidence: d.evidence,
          url: d.url,
          canonicalUrl: d.canonicalUrl,
          contentKey: d.contentKey,
        },
      ];
    }
    case "target.withdrawn":
      return [
        {
          v: 1,
          kind: "withdrawn",
          targetId: event.data.targetId,
          withdrawnAt: event.data.withdrawnAt,
        },
      ];
    case "case.opened":
      return [
        { v: 1, kind: "member", targetId: event.data.member.targetId, caseId: event.data.caseId },
        {
          v: 1,
          kind: "case-state",
          caseId: event.data.caseId,
          state: "open",
          at: event.data.openedAt,
        },
        {
          ...step(event.id, event.data.caseId, "case_opened", event.data.openedAt),
          targetId: event.data.member.targetId,
        },
      ];
    case "case.merged":
      // No state: the case may have moved on since it opened.
      return [
        { v: 1, kind: "member", targetId: event.data.member.targetId, caseId: event.data.caseId },
        {
          ...step(event.id, event.data.caseId, "case_merged", event.data.mergedAt),
          targetId: event.data.member.targetId,
        },
      ];
    case "case.state_changed": {
      const d = event.data;
      const facts: StatusFact[] = [
        { v: 1, kind: "case-state", caseId: d.caseId, state: d.to, at: d.changedAt },
      ];
      if (d.platformId !== undefined)
        facts.push({ v: 1, kind: "case-platform", caseId: d.caseId, platformId: d.platformId });
      if (d.response !== undefined)
        facts.push({
          v: 1,
          kind: "case-response",
          caseId: d.caseId,
          eventId: d.response.eventId,
          action: d.response.action,
          reasonCode: d.response.reasonCode,
        });
      facts.push({
        ...step(event.id, d.caseId, "state_changed", d.changedAt),
        state: d.to,
        trigger: d.trigger,
        ...(d.response !== undefined && {
          action: d.response.action,
          reasonCode: d.response.reasonCode,
        }),
        ...(d.deadline !== undefined && { deadline: d.deadline }),
      });
      return facts;
    }
    case "case.withdrawn":
      return [
        {
          v: 1,
          kind: "case-state",
          caseId: event.data.caseId,
          state: "withdrawn",
          at: event.data.withdrawnAt,
        },
        step(event.id, event.data.caseId, "case_withdrawn", event.data.withdrawnAt),
      ];
    case "target.erased":
      return [
        {
          v: 1,
          kind: "erased",
          targetId: event.data.targetId,
          requestId: event.data.requestId,
          erasedAt: event.data.erasedAt,
          cause: event.data.cause,
        },
      ];
    case "target.info_provided":
      // The answer's evidence joins its request's: erasure deletes it by the same rule.
      return [
        {
          v: 1,
          kind: "answer",
          answerId: event.data.answerId,
          targetId: event.data.targetId,
          requestId: event.data.requestId,
          evidence: [event.data.messageEvidenceId, ...event.data.evidence],
        },
      ];
    case "notice.issued":
    case "notice.revised": {
      const d = event.data;
      return [
        { v: 1, kind: "notice", caseId: d.caseId, platformId: d.platformId, revision: d.revision },
        {
          ...step(
            event.id,
            d.caseId,
            event.type === "notice.issued" ? "notice_issued" : "notice_revised",
            d.issuedAt,
          ),
          revision: d.revision,
          deadline: d.deadline,
          ...("revisionReason" in d && { revisionReason: d.revisionReason }),
        },
      ];
    }
    case "response.submitted": {
      const d = event.data;
      return [
        {
          v: 1,
          kind: "response",
          caseId: d.caseId,
          eventId: event.id,
          platformId: d.platformId,
          action: d.action,
          reasonCode: d.reasonCode,
          actedAt: d.actedAt,
          noticeRevision: d.noticeRevision,
        },
      ];
    }
    // An answer moves the case through routing's case.state_changed; its text never comes here.
    case "notice.withdrawn":
    case "case.info_provided":
    case "case.unroutable":
    case "case.escalated":
    case "record.rejected":
    case "audit.entry":
      // Case state follows case.state_changed; these change nothing an organ is shown.
      return [];
    default:
      return assertNever(event, "event type");
  }
}
