import { createEvent, type CaseState, type StateChangeTrigger } from "@takedown/contracts";
import type { Emission, RoutingContext } from "./routing-context.js";
import type { RoutedCase } from "./routed-case.js";

/** `case.state_changed` on the cases topic, describing `next` as reached from `from`. */
export function stateChangeEvent(
  context: RoutingContext,
  options: {
    from: CaseState;
    next: RoutedCase;
    trigger: StateChangeTrigger;
    changedAt: string;
  },
): Emission {
  const { next } = options;
  const lastResponse = next.lastResponse;
  return {
    topic: context.topics.cases,
    event: createEvent(
      "case.state_changed",
      {
        caseId: next.caseId,
        contentKey: next.contentKey,
        from: options.from,
        to: next.state,
        trigger: options.trigger,
        ...(next.platformId === undefined ? {} : { platformId: next.platformId }),
        ...(options.trigger === "platform_response" && lastResponse !== undefined
          ? { response: lastResponse }
          : {}),
        ...(next.deadline === undefined ? {} : { deadline: next.deadline }),
        changedAt: options.changedAt,
      },
      { source: context.source, time: options.changedAt },
    ),
  };
}
