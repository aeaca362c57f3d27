import { createEvent, type TakedownEvent } from "@takedown/contracts";
import { answerDeadline } from "./answer-deadline.js";
import { transitionCase } from "./case-lifecycle.js";
import { draftNotice } from "./notice-draft.js";
import type { RoutedCase } from "./routed-case.js";
import { ignored, rejected, type RoutingContext, type RoutingOutcome } from "./routing-context.js";
import { stateChangeEvent } from "./state-change-event.js";

/**
 * An organ answered the platform's needs_info (SPEC §2): the platform gets the full notice again
 * with the answer's text and files linked, and the case returns to notified with a fresh answer
 * window, since needs_info stopped the platform's clock.
 */
export async function routeInfoProvided(
  event: TakedownEvent<"case.info_provided">,
  { context, current }: { context: RoutingContext; current: RoutedCase | undefined },
): Promise<RoutingOutcome> {
  const data = event.data;
  if (current === undefined) return rejected("UNKNOWN_CASE", `no case ${data.caseId} on this key`);
  if (current.caseId !== data.caseId)
    return rejected("CASE_MISMATCH", `${data.caseId} is not the open case ${current.caseId}`);
  if (current.answers?.some((a) => a.answerId === data.answerId) === true)
    return ignored("answer already on the case");
  const platform =
    current.platformId === undefined ? undefined : context.directory.byId(current.platformId);
  if (platform === undefined)
    return rejected("NOT_NOTIFIED", `${data.caseId} has no platform to pass the answer to`);
  const to = transitionCase(current.state, { kind: "information_provided" });
  // The platform answered otherwise between the organ's answer and now: the answer is set aside
  // with the reason rather than silently dropped.
  if (!to.ok) return rejected(to.reason, to.message);
  const window = current.answerWindowMs ?? platform.sla.default;
  const now = context.clock();
  const next = {
    ...current,
    state: to.to,
    platformId: platform.id,
    revision: current.revision + 1,
    answers: [
      ...(current.answers ?? []),
      {
        answerId: data.answerId,
        targetId: data.targetId,
        messageEvidenceId: data.messageEvidenceId,
        evidence: data.evidence,
        providedAt: data.providedAt,
      },
    ],
    deadline: answerDeadline(data.providedAt, window),
    answerWindowMs: window,
    updatedAt: now.toISOString(),
  };
  const notice = await draftNotice(context, next, now);
  return {
    kind: "applied",
    next,
    emit: [
      {
        topic: context.topics.noticesOf(platform.id),
        event: createEvent(
          "notice.revised",
          { ...notice, revisionReason: "information_provided" },
          { source: context.source, time: now },
        ),
      },
      stateChangeEvent(context, {
        from: current.state,
        next,
        trigger: "information_provided",
        changedAt: notice.issuedAt,
      }),
    ],
  };
}
