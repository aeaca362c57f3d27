import {
  caseIdFor,
  isClosedCaseState,
  createEvent,
  dispatchEvent,
  type AnyTakedownEvent,
  type EventTypesOn,
  type HandlersFor,
  type TakedownEvent,
  type TakedownEventOf,
  type topics,
} from "@takedown/contracts";
import { contentKeyOf } from "@takedown/url-canon";
import { activeMembers, hasSeenTarget, type CaseRecord } from "./case-record.js";
import { caseUlidFor } from "./case-ulid.js";
import type { StagedCases } from "./staged-cases.js";

/** What one input record leads to: events to publish, or a refusal that sends it to the DLQ. */
export type DedupDecision =
  | { readonly kind: "emit"; readonly events: AnyTakedownEvent[] }
  | { readonly kind: "reject"; readonly code: string; readonly message: string };

export interface DedupContext {
  readonly cases: StagedCases;
  /** Kafka timestamp of the input record: case ids and event times derive from it. */
  readonly recordTimeMs: number;
}

export const DEDUP_SOURCE = "/takedown/dedup";
const nothing: DedupDecision = { kind: "emit", events: [] };

/**
 * The membership rules of issue 5 over the state of one batch. Every decision is idempotent by
 * target id, so a record delivered twice (intake retry, batch read again after a rebalance)
 * changes nothing the second time. Output ids and times derive from the input record, so the
 * same input always yields the same events.
 */
export class CaseDeduplicator {
  private readonly targetHandlers: HandlersFor<typeof topics.targets, DedupContext, DedupDecision> =
    {
      "target.submitted": (event, context) => this.submitted(event, context),
      "target.withdrawn": (event, context) => this.withdrawn(event, context),
      "target.info_provided": (event, context) => this.infoProvided(event, context),
      // Erasure deletes personal data in S3; membership and the case go on (ids only here).
      "target.erased": () => nothing,
    };

  private readonly caseHandlers: HandlersFor<typeof topics.cases, DedupContext, DedupDecision> = {
    "case.state_changed": (event, context) => this.stateChanged(event, context),
    // Dedup's own membership events: the changelog already holds what they say.
    "case.opened": () => nothing,
    "case.merged": () => nothing,
    "case.withdrawn": () => nothing,
    "case.info_provided": () => nothing,
  };

  onTargetEvent(
    event: TakedownEventOf<EventTypesOn<typeof topics.targets>>,
    context: DedupContext,
  ): DedupDecision {
    return dispatchEvent(this.targetHandlers, event, context);
  }

  onCaseEvent(
    event: TakedownEventOf<EventTypesOn<typeof topics.cases>>,
    context: DedupContext,
  ): DedupDecision {
    return dispatchEvent(this.caseHandlers, event, context);
  }

  private submitted(
    event: TakedownEvent<"target.submitted">,
    { cases, recordTimeMs }: DedupContext,
  ): DedupDecision {
    const { canonicalUrl, contentKey, platformHint, ...member } = event.data;
    const refusal = notCanonical(canonicalUrl, contentKey);
    if (refusal !== undefined) return refusal;
    const current = cases.get(contentKey);
    if (current !== undefined && hasSeenTarget(current, member.targetId)) return nothing;
    const at = new Date(recordTimeMs).toISOString();
    const trace = event.traceparent === undefined ? {} : { traceparent: event.traceparent };

    if (current !== undefined && acceptsMembers(current)) {
      current.members.push({
        targetId: member.targetId,
        organId: member.organId,
        withdrawn: false,
      });
      cases.put(contentKey, current);
      const data = {
        caseId: current.caseId,
        contentKey,
        canonicalUrl,
        member,
        memberCount: activeMembers(current).length,
        mergedAt: at,
      };
      const id = `${current.caseId}:merged:${member.targetId}`;
      return emit(
        createEvent("case.merged", data, { source: DEDUP_SOURCE, id, time: at, ...trace }),
      );
    }

    const caseId = caseIdFor(
      contentKey,
      caseUlidFor({ timeMs: recordTimeMs, seed: `${contentKey}/${member.targetId}` }),
    );
    cases.put(contentKey, {
      caseId,
      state: "open",
      members: [{ targetId: member.targetId, organId: member.organId, withdrawn: false }],
      earlierTargetIds: current?.members.map((m) => m.targetId) ?? [],
    });
    const data = {
      caseId,
      contentKey,
      canonicalUrl,
      ...(platformHint === undefined ? {} : { platformHint }),
      member,
      ...(current === undefined ? {} : { previousCaseId: current.caseId }),
      openedAt: at,
    };
    const id = `${caseId}:opened`;
    return emit(createEvent("case.opened", data, { source: DEDUP_SOURCE, id, time: at, ...trace }));
  }

  private withdrawn(
    event: TakedownEvent<"target.withdrawn">,
    { cases, recordTimeMs }: DedupContext,
  ): DedupDecision {
    const { contentKey, canonicalUrl, targetId, organId } = event.data;
    const refusal = notCanonical(canonicalUrl, contentKey);
    if (refusal !== undefined) return refusal;
    const current = cases.get(contentKey);
    const member = current?.members.find((m) => m.targetId === targetId);
    // A target of an older case, or one never seen: nothing on the current case changes.
    if (current === undefined || member === undefined || member.withdrawn) return nothing;
    if (member.organId !== organId) {
      return {
        kind: "reject",
        code: "WITHDRAWN_BY_OTHER_ORGAN",
        message: `target ${targetId} belongs to another organ than ${organId}`,
      };
    }
    member.withdrawn = true;
    if (isClosedCaseState(current.state) || activeMembers(current).length > 0) {
      cases.put(contentKey, current);
      return nothing;
    }
    current.state = "withdrawn";
    cases.put(contentKey, current);
    const at = new Date(recordTimeMs).toISOString();
    const data = {
      caseId: current.caseId,
      contentKey,
      canonicalUrl,
      withdrawnTargetIds: current.members.map((m) => m.targetId),
      withdrawnAt: at,
    };
    const trace = event.traceparent === undefined ? {} : { traceparent: event.traceparent };
    const id = `${current.caseId}:withdrawn`;
    return emit(
      createEvent("case.withdrawn", data, { source: DEDUP_SOURCE, id, time: at, ...trace }),
    );
  }

  /**
   * An organ's answer to needs_info goes on to routing as a case event only when its target is
   * an active member of the very case it names: an answer about an older case, or from a
   * withdrawn or foreign target, must not revise the notice.
   */
  private infoProvided(
    event: TakedownEvent<"target.info_provided">,
    { cases }: DedupContext,
  ): DedupDecision {
    const { contentKey, caseId, targetId, organId } = event.data;
    const current = cases.get(contentKey);
    if (current?.caseId !== caseId) {
      return {
        kind: "reject",
        code: "ANSWER_FOR_OTHER_CASE",
        message: `${caseId} is not the current case of key ${contentKey}`,
      };
    }
    const member = current.members.find((m) => m.targetId === targetId);
    if (member === undefined || member.withdrawn || member.organId !== organId) {
      return {
        kind: "reject",
        code: "ANSWER_FROM_NON_MEMBER",
        message: `target ${targetId} of ${organId} is not an active member of ${caseId}`,
      };
    }
    const trace = event.traceparent === undefined ? {} : { traceparent: event.traceparent };
    const data = { ...event.data };
    const id = `${caseId}:info:${data.answerId}`;
    return emit(
      createEvent("case.info_provided", data, {
        source: DEDUP_SOURCE,
        id,
        time: data.providedAt,
        ...trace,
      }),
    );
  }

  private stateChanged(
    event: TakedownEvent<"case.state_changed">,
    { cases }: DedupContext,
  ): DedupDecision {
    const { contentKey, caseId, to } = event.data;
    const current = cases.get(contentKey);
    // Dedup decides withdrawal itself; routing's later echo of an older state must not reopen it.
    if (current?.caseId !== caseId || current.state === to || current.state === "withdrawn")
      return nothing;
    current.state = to;
    cases.put(contentKey, current);
    return nothing;
  }
}

/** Open for new members: not closed and still asked for by someone. */
function acceptsMembers(record: CaseRecord): boolean {
  return !isClosedCaseState(record.state) && activeMembers(record).length > 0;
}

function notCanonical(canonicalUrl: string, contentKey: string): DedupDecision | undefined {
  if (contentKeyOf(canonicalUrl) === contentKey) return undefined;
  return {
    kind: "reject",
    code: "CONTENT_KEY_NOT_CANONICAL",
    message: `content key ${contentKey} is not the SHA-256 of the canonical URL`,
  };
}

function emit(event: AnyTakedownEvent): DedupDecision {
  return { kind: "emit", events: [event] };
}
