import { createEvent } from "@takedown/contracts";
import { answerDeadline } from "./answer-deadline.js";
import { transitionCase } from "./case-lifecycle.js";
import { draftNotice } from "./notice-draft.js";
import {
  ignored,
  type Emission,
  type RoutingContext,
  type RoutingOutcome,
} from "./routing-context.js";
import type { RoutedCase } from "./routed-case.js";
import { stateChangeEvent } from "./state-change-event.js";

/**
 * Escalates a case whose answer deadline passed by `tickTime`: `case.escalated` on triage, the
 * move to `escalated`, and a reminder notice with a new deadline one answer window later. The
 * deadline is stored with the case, so a case whose deadline passed while routing was down is
 * escalated on the first tick after the restart.
 */
export async function sweepDeadline(
  context: RoutingContext,
  current: RoutedCase,
  tickTime: Date,
): Promise<RoutingOutcome> {
  const { deadline, platformId } = current;
  if (deadline === undefined || platformId === undefined) return ignored("no answer due");
  if (Date.parse(deadline) > tickTime.getTime()) return ignored("deadline not reached");
  const to = transitionCase(current.state, { kind: "deadline_passed" });
  if (!to.ok) return ignored(to.message);
  const platform = context.directory.byId(platformId);
  const window = current.answerWindowMs ?? platform?.sla.default ?? 7 * 86_400_000;
  const at = tickTime.toISOString();
  const next = {
    ...current,
    platformId,
    state: to.to,
    revision: current.revision + 1,
    escalationLevel: current.escalationLevel + 1,
    deadline: answerDeadline(at, window),
    updatedAt: at,
  };
  const emit: Emission[] = [
    {
      topic: context.topics.triage,
      event: createEvent(
        "case.escalated",
        {
          caseId: current.caseId,
          contentKey: current.contentKey,
          platformId,
          stateAtDeadline: current.state,
          noticeRevision: current.revision,
          deadline,
          level: next.escalationLevel,
          escalatedAt: at,
        },
        { source: context.source, time: at },
      ),
    },
  ];
  if (current.state !== next.state) {
    emit.push(
      stateChangeEvent(context, {
        from: current.state,
        next,
        trigger: "deadline_passed",
        changedAt: at,
      }),
    );
  }
  const notice = await draftNotice(context, next, context.clock());
  emit.push({
    topic: context.topics.noticesOf(platformId),
    event: createEvent(
      "notice.revised",
      { ...notice, revisionReason: "deadline_reminder" },
      { source: context.source, time: notice.issuedAt },
    ),
  });
  return { kind: "applied", emit, next };
}
