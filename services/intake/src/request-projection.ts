import type { AnyTakedownEvent } from "@takedown/contracts";
import { isTakedownError } from "@takedown/errors";
import type { LatestResponse, RequestHistory, StatusRecord, TargetStatus } from "@takedown/status";
import { BoundedRequestMap } from "./bounded-request-map.js";
import { createIntakeError } from "./errors.js";

export type { LatestResponse };

/** Where request status comes from: the status service (StatusClient), or a test's stand-in. */
export interface StatusSource {
  /** Undefined when unknown or another organ's; throws a retryable error when unavailable. */
  record(requestId: string, organId: string): Promise<StatusRecord | undefined>;
  /** Each target's timeline; same contract as record. */
  history(requestId: string, organId: string): Promise<RequestHistory | undefined>;
}

/** What withdraw needs: the request's targets, with the key their events go under. */
export interface RequestView {
  requestId: string;
  organId: string;
  targets: Pick<
    TargetStatus,
    "targetId" | "canonicalUrl" | "contentKey" | "withdrawn" | "caseId" | "caseState" | "erasedAt"
  >[];
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
  /** Its personal data (dossier, evidence no other live request names) is erased. */
  erased: boolean;
  targets: {
    targetId: string;
    url: string;
    canonicalUrl: string;
    withdrawn: boolean;
    erasedAt?: string;
    caseId?: string;
    caseState?: string;
    platformId?: string;
    latestResponse?: LatestResponse;
    /** While the case is needs_info: what the platform asks, from its answer. */
    question?: { reason: string; message?: string };
  }[];
}

/** Events this intake committed, until the status service shows them. */
interface OwnRequest {
  organId: string;
  request?: Omit<StatusRecord, "requestId" | "organId" | "targets">;
  targets: Map<string, TargetStatus>;
  withdrawn: Set<string>;
  /** Target id → erasedAt. */
  erased: Map<string, string>;
}

export interface RequestProjectionOptions {
  source: StatusSource;
  /** Targets of own requests kept until the status service shows them; oldest go first. */
  maxOwnTargets?: number;
  /** GET answers are reused this long (organs poll); withdraw always asks afresh. */
  cacheTtlMs?: number;
  /** Targets of cached answers; the oldest answers go first. */
  maxCachedTargets?: number;
  now?: () => number;
}

function positionOf(targetId: string): number {
  return Number(targetId.slice(targetId.lastIndexOf("#") + 1));
}

/**
 * What an organ can see about its requests: the status service's record, with the events this
 * intake has just committed laid over it, so a request answered 202 is visible at once (the
 * status service shows it a moment later). Memory is bounded whatever the history: a capped
 * overlay of recent own requests and a capped, short-lived cache of answers.
 */
export class RequestProjection {
  private readonly own: BoundedRequestMap<OwnRequest>;
  private readonly cache: BoundedRequestMap<{ record: StatusRecord; at: number }>;
  private readonly now: () => number;

  constructor(private readonly options: RequestProjectionOptions) {
    this.now = options.now ?? (() => performance.now());
    this.own = new BoundedRequestMap(
      options.maxOwnTargets ?? 50_000,
      (own) => own.targets.size + own.withdrawn.size + own.erased.size,
    );
    this.cache = new BoundedRequestMap(
      options.maxCachedTargets ?? 50_000,
      (cached) => cached.record.targets.length,
    );
  }

  /** Records an event this process has just committed. */
  applyOwn(event: AnyTakedownEvent): void {
    if (
      event.type !== "target.submitted" &&
      event.type !== "target.withdrawn" &&
      event.type !== "target.erased"
    )
      return;
    const { requestId, organId, targetId } = event.data;
    this.cache.delete(requestId);
    const own: OwnRequest = this.own.get(requestId) ?? {
      organId,
      targets: new Map(),
      withdrawn: new Set(),
      erased: new Map(),
    };
    if (event.type === "target.erased") {
      own.erased.set(targetId, event.data.erasedAt);
      this.own.set(requestId, own);
      return;
    }
    if (event.type === "target.withdrawn") {
      own.withdrawn.add(targetId);
      this.own.set(requestId, own);
      return;
    }
    const d = event.data;
    own.request = {
      submittedAt: d.submittedAt,
      category: d.category,
      classification: d.classification,
      legalBasis: d.legalBasis,
      requestedAction: d.requestedAction,
      evidence: d.evidence,
    };
    own.targets.set(targetId, {
      targetId,
      url: d.url,
      canonicalUrl: d.canonicalUrl,
      contentKey: d.contentKey,
      withdrawn: false,
    });
    this.own.set(requestId, own);
  }

  /** The request's targets as they stand now (never from the cache), for its own organ only. */
  async find(requestId: string, organId: string): Promise<RequestView | undefined> {
    const record = await this.lookup(requestId, organId, { fresh: true });
    return record === undefined
      ? undefined
      : { requestId, organId, targets: record.targets.map((t) => ({ ...t })) };
  }

  /** GET /v1/requests/{id}: the request with each target's case, state, platform and answer. */
  async status(requestId: string, organId: string): Promise<RequestStatus | undefined> {
    const record = await this.lookup(requestId, organId, { fresh: false });
    if (record === undefined) return undefined;
    return {
      requestId: record.requestId,
      organId: record.organId,
      submittedAt: record.submittedAt,
      category: record.category,
      classification: record.classification,
      legalBasis: record.legalBasis,
      requestedAction: record.requestedAction,
      evidence: record.evidence,
      withdrawn: record.targets.every((t) => t.withdrawn),
      erased: record.targets.length > 0 && record.targets.every((t) => t.erasedAt !== undefined),
      targets: record.targets.map(({ contentKey: _key, ...target }) => {
        const response = target.latestResponse;
        return target.caseState === "needs_info" && response?.action === "needs_info"
          ? {
              ...target,
              question: {
                reason: response.reasonCode,
                ...(response.text !== undefined && { message: response.text }),
              },
            }
          : target;
      }),
    };
  }

  /**
   * GET /v1/requests/{id}/history: each target's timeline. A request this intake has just
   * accepted, not yet in the status service, has its submission as its only step.
   */
  async history(requestId: string, organId: string): Promise<RequestHistory | undefined> {
    const record = await this.lookup(requestId, organId, { fresh: false });
    if (record === undefined) return undefined;
    let history: RequestHistory | undefined;
    try {
      history = await this.options.source.history(requestId, organId);
    } catch (error) {
      throw isTakedownError(error) && error.retryable
        ? createIntakeError("INTAKE_STATUS_UNAVAILABLE", { detail: error.message, cause: error })
        : error;
    }
    const known = new Map(history?.targets.map((t) => [t.targetId, t]));
    return {
      requestId,
      targets: record.targets.map(
        (target) =>
          known.get(target.targetId) ?? {
            targetId: target.targetId,
            steps: [{ step: "submitted" as const, at: record.submittedAt }],
          },
      ),
    };
  }

  private async lookup(
    requestId: string,
    organId: string,
    options: { fresh: boolean },
  ): Promise<StatusRecord | undefined> {
    let record: StatusRecord | undefined;
    try {
      record = await this.fetch(requestId, organId, options.fresh);
    } catch (error) {
      // The status service is away: a request this intake has just accepted is still shown.
      const own = this.own.get(requestId);
      if (own?.organId === organId && own.request !== undefined)
        return this.merge(requestId, organId, undefined, own);
      throw isTakedownError(error) && error.retryable
        ? createIntakeError("INTAKE_STATUS_UNAVAILABLE", { detail: error.message, cause: error })
        : error;
    }
    const own = this.own.get(requestId);
    if (own === undefined || own.organId !== organId) return record;
    if (record !== undefined && this.shows(record, own)) {
      this.own.delete(requestId);
      return record;
    }
    return this.merge(requestId, organId, record, own);
  }

  private async fetch(
    requestId: string,
    organId: string,
    fresh: boolean,
  ): Promise<StatusRecord | undefined> {
    const cached = this.cache.get(requestId);
    if (
      !fresh &&
      cached !== undefined &&
      this.now() - cached.at < (this.options.cacheTtlMs ?? 1000)
    )
      return cached.record.organId === organId ? cached.record : undefined;
    const record = await this.options.source.record(requestId, organId);
    this.cache.delete(requestId);
    // Only answers found are reused: a request just accepted by another intake must not stay
    // "not found" for the cache's lifetime.
    if (record !== undefined) this.cache.set(requestId, { record, at: this.now() });
    return record;
  }

  /** True when the record already holds every own target and withdrawal. */
  private shows(record: StatusRecord, own: OwnRequest): boolean {
    const shown = new Map(record.targets.map((t) => [t.targetId, t]));
    return (
      [...own.targets.keys()].every((id) => shown.has(id)) &&
      [...own.withdrawn].every((id) => shown.get(id)?.withdrawn === true) &&
      [...own.erased.keys()].every((id) => shown.get(id)?.erasedAt !== undefined)
    );
  }

  private merge(
    requestId: string,
    organId: string,
    record: StatusRecord | undefined,
    own: OwnRequest,
  ): StatusRecord | undefined {
    const request = record ?? (own.request && { requestId, organId, ...own.request, targets: [] });
    if (request === undefined) return undefined;
    const targets = new Map(request.targets.map((t) => [t.targetId, t]));
    for (const [id, target] of own.targets) if (!targets.has(id)) targets.set(id, target);
    return {
      ...request,
      targets: [...targets.values()]
        .map((t) => (own.withdrawn.has(t.targetId) ? { ...t, withdrawn: true } : t))
        .map((t) => {
          const erasedAt = own.erased.get(t.targetId);
          return erasedAt === undefined || t.erasedAt !== undefined ? t : { ...t, erasedAt };
        })
        .sort((a, b) => positionOf(a.targetId) - positionOf(b.targetId)),
    };
  }
}
