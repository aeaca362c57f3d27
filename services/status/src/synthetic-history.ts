import {
  caseIdFor,
  createEvent,
  type AnyTakedownEvent,
  type TakedownEvent,
  type TargetSubmission,
} from "@takedown/contracts";

export interface SyntheticHistoryOptions {
  platformId?: string;
}

export interface HistoryEvents {
  targets: AnyTakedownEvent[];
  cases: AnyTakedownEvent[];
  notices: AnyTakedownEvent[];
  responses: AnyTakedownEvent[];
}

/** What GET must show for a target once the whole history is folded. */
export interface ExpectedTarget {
  requestId: string;
  targetId: string;
  organId: string;
  caseId: string;
  caseState: "notified" | "removed";
  platformId: string;
}

const SOURCE = { source: "/takedown/synthetic-history" };
const ULID_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/**
 * A reproducible pipeline history around given targets (e.g. dedup's syntheticTargets), for tests
 * and benches: one case per piece of content (case.opened, then case.merged), a notice and the
 * notified state per case, and for every third case the platform's answer (with text) and the
 * removed state. Fed in chunks, so a million targets never sit in memory at once.
 */
export class SyntheticHistory {
  private readonly cases = new Map<string, { caseId: string; members: number; removed: boolean }>();
  private readonly platformId: string;

  constructor(options: SyntheticHistoryOptions = {}) {
    this.platformId = options.platformId ?? "x";
  }

  get caseCount(): number {
    return this.cases.size;
  }

  /** These targets and what the pipeline would make of them, by the topic they go to. */
  events(targets: readonly TakedownEvent<"target.submitted">[]): HistoryEvents {
    const out: HistoryEvents = { targets: [], cases: [], notices: [], responses: [] };
    for (const target of targets) {
      out.targets.push(target);
      const { canonicalUrl, contentKey, platformHint, ...member } = target.data;
      const at = member.submittedAt;
      const existing = this.cases.get(contentKey);
      if (existing !== undefined) {
        existing.members += 1;
        out.cases.push(
          createEvent(
            "case.merged",
            {
              caseId: existing.caseId,
              contentKey,
              canonicalUrl,
              member,
              memberCount: existing.members,
              mergedAt: at,
            },
            SOURCE,
          ),
        );
        continue;
      }
      const caseId = caseIdFor(contentKey, ulidOf(this.cases.size));
      const removed = this.cases.size % 3 === 0;
      this.cases.set(contentKey, { caseId, members: 1, removed });
      out.cases.push(
        createEvent(
          "case.opened",
          { caseId, contentKey, canonicalUrl, platformHint, member, openedAt: at },
          SOURCE,
        ),
        this.stateChanged({ caseId, contentKey, from: "open", to: "notified", at }),
      );
      out.notices.push(this.notice({ caseId, contentKey, canonicalUrl, member, at }));
      if (removed) {
        const response = createEvent(
          "response.submitted",
          {
            caseId,
            contentKey,
            platformId: this.platformId,
            noticeRevision: 1,
            action: "removed",
            reasonCode: "illegal_content",
            text: `Removed under our terms (${caseId}).`,
            actedAt: at,
          },
          SOURCE,
        );
        out.responses.push(response);
        out.cases.push(
          this.stateChanged({
            caseId,
            contentKey,
            from: "notified",
            to: "removed",
            at,
            responseId: response.id,
          }),
        );
      }
    }
    return out;
  }

  /** What GET shows for this target of the history, once folded. */
  expected(target: {
    requestId: string;
    targetId: string;
    organId: string;
    contentKey: string;
  }): ExpectedTarget {
    const found = this.cases.get(target.contentKey);
    if (found === undefined) throw new Error(`no case for ${target.targetId}`);
    return {
      requestId: target.requestId,
      targetId: target.targetId,
      organId: target.organId,
      caseId: found.caseId,
      caseState: found.removed ? "removed" : "notified",
      platformId: this.platformId,
    };
  }

  private stateChanged(o: {
    caseId: string;
    contentKey: string;
    from: "open" | "notified";
    to: "notified" | "removed";
    at: string;
    responseId?: string;
  }): AnyTakedownEvent {
    return createEvent(
      "case.state_changed",
      {
        caseId: o.caseId,
        contentKey: o.contentKey,
        from: o.from,
        to: o.to,
        trigger: o.responseId === undefined ? "notice_issued" : "platform_response",
        platformId: this.platformId,
        ...(o.responseId !== undefined && {
          response: {
            eventId: o.responseId,
            action: "removed" as const,
            reasonCode: "illegal_content" as const,
          },
        }),
        changedAt: o.at,
      },
      SOURCE,
    );
  }

  private notice(o: {
    caseId: string;
    contentKey: string;
    canonicalUrl: string;
    member: TargetSubmission;
    at: string;
  }) {
    const { member } = o;
    return createEvent(
      "notice.issued",
      {
        caseId: o.caseId,
        contentKey: o.contentKey,
        platformId: this.platformId,
        revision: 1,
        canonicalUrl: o.canonicalUrl,
        urls: [member.url],
        classification: member.classification,
        categories: [member.category],
        requestedActions: [member.requestedAction],
        requests: [member],
        evidence: [],
        deadline: o.at,
        redress: { text: "You may object through the platform's own appeal form." },
        language: member.language,
        issuedAt: o.at,
      },
      SOURCE,
    );
  }
}

/** A valid, distinct ULID per number (time part fixed): case ids only need to be unique here. */
function ulidOf(n: number): string {
  let tail = "";
  for (let i = 0, rest = n; i < 16; i++, rest = Math.floor(rest / 32))
    tail = (ULID_ALPHABET[rest % 32] ?? "0") + tail;
  return `01JD000000${tail}`;
}
