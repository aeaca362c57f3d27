import type { TakedownEvent } from "@takedown/contracts";
import { transitionCase } from "./case-lifecycle.js";
import { rejected, type RoutingContext, type RoutingOutcome } from "./routing-context.js";
import type { RoutedCase } from "./routed-case.js";
import { stateChangeEvent } from "./state-change-event.js";

/**
 * Applies a platform's answer to the case it names, if that platform may answer it: the case
 * must be the open case of the key and routed to that very platform, and the SPEC §2 state
 * machine must allow the move. Anything else is refused with a reason for the DLQ.
 */
export function judgeResponse(
  event: TakedownEvent<"response.submitted">,
  context: RoutingContext,
  current: RoutedCase | undefined,
): RoutingOutcome {
  const data = event.data;
  if (current === undefined) return rejected("UNKNOWN_CASE", `no case ${data.caseId} on this key`);
  if (current.caseId !== data.caseId) {
    return rejected("CASE_MISMATCH", `${data.caseId} is not the open case ${current.caseId}`);
  }
  if (current.platformId !== data.platformId) {
    return rejected(
      "NOT_ROUTED_TO_PLATFORM",
      `case ${data.caseId} was not routed to platform ${data.platformId}`,
    );
  }
  if (data.noticeRevision > current.revision) {
    return rejected(
      "UNKNOWN_NOTICE_REVISION",
      `revision ${data.noticeRevision} was never issued (latest ${current.revision})`,
    );
  }
  const to = transitionCase(current.state, { kind: "platform_response", action: data.action });
  if (!to.ok) return rejected(to.reason, to.message);
  const changedAt = context.clock().toISOString();
  const { deadline, ...rest } = current;
  // Acknowledging keeps the clock running; asking for information stops it (the organ owes the
  // next step); a decision ends it.
  const next: RoutedCase = {
    ...rest,
    ...(to.to === "acknowledged" && deadline !== undefined ? { deadline } : {}),
    state: to.to,
    lastResponse: { eventId: event.id, action: data.action, reasonCode: data.reasonCode },
    updatedAt: changedAt,
  };
  return {
    kind: "applied",
    next,
    emit: [
      stateChangeEvent(context, {
        from: current.state,
        next,
        trigger: "platform_response",
        changedAt,
      }),
    ],
  };
}
