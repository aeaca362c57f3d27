import type { AnyTakedownEvent, TargetSubmission } from "@takedown/contracts";

export interface LatestResponse {
  action: string;
  reasonCode: string;
  text?: string;
  actedAt?: string;
  noticeRevision?: number;
}

interface CaseView {
  state?: string;
  platformId?: string;
  latestResponse?: LatestResponse;
}

interface TargetView {
  targetId: string;
  url: string;
  canonicalUrl: string;
  contentKey: string;
  withdrawn: boolean;
}

export interface RequestView {
  requestId: string;
  organId: string;
  submittedAt: string;
  submission: Omit<TargetSubmission, "targetId" | "url" | "note" | "personal" | "submittedAt">;
  targets: TargetView[];
}

export interface RequestStatus {
  requestId: string;
  organId: string;
  submittedAt: string;
  category: string;
  classification: string;
  legalBasis: string;
  requestedAction: string;
  evidence: string[];
  withdrawn: boolean;
  targets: {
    targetId: string;
    url: string;
    canonicalUrl: string;
    withdrawn: boolean;
    caseId?: string;
    caseState?: string;
    platformId?: string;
    latestResponse?: LatestResponse;
  }[];
}

function targetIndexOf(targetId: string): number {
  return Number(targetId.slice(targetId.indexOf("#") + 1)) - 1;
}

/**
 * What an organ can see about its requests, folded from the targets, cases, notices and
 * responses topics. Cases and responses are kept by case id and joined at read time, because
 * the topics are read concurrently and a response may be read before the case that it answers.
 */
export class RequestProjection {
  private readonly requests = new Map<string, RequestView>();
  private readonly caseByTarget = new Map<string, string>();
  private readonly cases = new Map<string, CaseView>();
  /** Ids of events this process applied at commit, until the consumer reads them back. */
  private readonly ownEvents = new Set<string>();

  constructor(private readonly options: { maxOwnEvents?: number } = {}) {}

  /**
   * Applies an event this process has just committed. Its copy read back from Kafka is then
   * skipped without decoding (`takeOwnEcho`): under load, decoding our own records again cost
   * about as much as the request's validation.
   */
  applyOwn(event: AnyTakedownEvent): void {
    this.apply(event);
    this.ownEvents.add(event.id);
    // Bounded, in case the consumer does not read the topic (then nothing is ever taken back).
    if (this.ownEvents.size > (this.options.maxOwnEvents ?? 100_000)) {
      const oldest = this.ownEvents.values().next();
      if (oldest.done !== true) this.ownEvents.delete(oldest.value);
    }
  }

  /** True (once) when the record with this event id was applied by `applyOwn` already. */
  takeOwnEcho(eventId: string): boolean {
    return this.ownEvents.delete(eventId);
  }

  apply(event: AnyTakedownEvent): void {
    switch (event.type) {
      case "target.submitted": {
        const d = event.data;
        let request = this.requests.get(d.requestId);
        if (request === undefined) {
          request = {
            requestId: d.requestId,
            organId: d.organId,
            submittedAt: d.submittedAt,
            submission: {
              requestId: d.requestId,
              organId: d.organId,
              classification: d.classification,
              category: d.category,
              legalBasis: d.legalBasis,
              requestedAction: d.requestedAction,
              description: d.description,
              evidence: d.evidence,
              language: d.language,
            },
            targets: [],
          };
          this.requests.set(d.requestId, request);
        }
        request.targets[targetIndexOf(d.targetId)] ??= {
          targetId: d.targetId,
          url: d.url,
          canonicalUrl: d.canonicalUrl,
          contentKey: d.contentKey,
          withdrawn: false,
        };
        return;
      }
      case "target.withdrawn": {
        const target = this.requests.get(event.data.requestId)?.targets[
          targetIndexOf(event.data.targetId)
        ];
        if (target !== undefined) target.withdrawn = true;
        return;
      }
      case "case.opened":
      case "case.merged":
        this.caseByTarget.set(event.data.member.targetId, event.data.caseId);
        this.caseOf(event.data.caseId).state ??= "open";
        return;
      case "case.state_changed": {
        const view = this.caseOf(event.data.caseId);
        view.state = event.data.to;
        if (event.data.platformId !== undefined) view.platformId = event.data.platformId;
        if (event.data.response !== undefined && view.latestResponse === undefined) {
          view.latestResponse = {
            action: event.data.response.action,
            reasonCode: event.data.response.reasonCode,
          };
        }
        return;
      }
      case "case.withdrawn":
        this.caseOf(event.data.caseId).state = "withdrawn";
        return;
      case "notice.issued":
      case "notice.revised":
        this.caseOf(event.data.caseId).platformId = event.data.platformId;
        return;
      case "response.submitted": {
        const d = event.data;
        const view = this.caseOf(d.caseId);
        view.platformId ??= d.platformId;
        view.latestResponse = {
          action: d.action,
          reasonCode: d.reasonCode,
          actedAt: d.actedAt,
          noticeRevision: d.noticeRevision,
          ...(d.text !== undefined && { text: d.text }),
        };
        return;
      }
      case "notice.withdrawn":
      case "case.unroutable":
      case "case.escalated":
      case "record.rejected":
      case "audit.entry":
        // These do not change what organs are shown (case state follows case.state_changed).
        return;
    }
  }

  /** The request, only for the organ that made it. */
  find(requestId: string, organId: string): RequestView | undefined {
    const request = this.requests.get(requestId);
    return request?.organId === organId ? request : undefined;
  }

  status(request: RequestView): RequestStatus {
    const targets = request.targets.filter((t) => t !== undefined);
    return {
      requestId: request.requestId,
      organId: request.organId,
      submittedAt: request.submittedAt,
      category: request.submission.category,
      classification: request.submission.classification,
      legalBasis: request.submission.legalBasis,
      requestedAction: request.submission.requestedAction,
      evidence: request.submission.evidence,
      withdrawn: targets.every((t) => t.withdrawn),
      targets: targets.map((t) => {
        const caseId = this.caseByTarget.get(t.targetId);
        const view = caseId === undefined ? undefined : this.cases.get(caseId);
        return {
          targetId: t.targetId,
          url: t.url,
          canonicalUrl: t.canonicalUrl,
          withdrawn: t.withdrawn,
          ...(caseId !== undefined && { caseId }),
          ...(view?.state !== undefined && { caseState: view.state }),
          ...(view?.platformId !== undefined && { platformId: view.platformId }),
          ...(view?.latestResponse !== undefined && { latestResponse: view.latestResponse }),
        };
      }),
    };
  }

  private caseOf(caseId: string): CaseView {
    let view = this.cases.get(caseId);
    if (view === undefined) {
      view = {};
      this.cases.set(caseId, view);
    }
    return view;
  }
}
