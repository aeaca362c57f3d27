import {
  createEvent,
  type EventDataOf,
  type HandlersFor,
  type TakedownEvent,
} from "@takedown/contracts";
import { answerDeadline, answerWindowMs } from "./answer-deadline.js";
import { transitionCase } from "./case-lifecycle.js";
import { routeInfoProvided } from "./info-provided-route.js";
import { draftNotice } from "./notice-draft.js";
import {
  ignored,
  rejected,
  type Emission,
  type RoutingContext,
  type RoutingOutcome,
} from "./routing-context.js";
import type { RoutedCase } from "./routed-case.js";
import { stateChangeEvent } from "./state-change-event.js";

type CaseInput = { context: RoutingContext; current: RoutedCase | undefined };

function unroutable(
  context: RoutingContext,
  data: EventDataOf<"case.opened">,
  opened: RoutedCase,
  problem: {
    host: string;
    reason: "no_platform_for_host" | "category_not_accepted";
    platformId?: string;
  },
): RoutingOutcome {
  const to = transitionCase("open", { kind: "no_owner" });
  if (!to.ok) return rejected(to.reason, to.message);
  const next: RoutedCase = { ...opened, state: to.to };
  const triage: Emission = {
    topic: context.topics.triage,
    event: createEvent(
      "case.unroutable",
      {
        caseId: data.caseId,
        contentKey: data.contentKey,
        canonicalUrl: data.canonicalUrl,
        host: problem.host,
        reason: problem.reason,
        ...(problem.platformId === undefined ? {} : { platformId: problem.platformId }),
        detectedAt: opened.updatedAt,
      },
      { source: context.source, time: opened.updatedAt },
    ),
  };
  const change = stateChangeEvent(context, {
    from: "open",
    next,
    trigger: "case_unroutable",
    changedAt: opened.updatedAt,
  });
  return { kind: "applied", emit: [triage, change], next };
}

async function routeOpened(
  event: TakedownEvent<"case.opened">,
  { context, current }: CaseInput,
): Promise<RoutingOutcome> {
  const data = event.data;
  if (current?.caseId === data.caseId) return ignored("case already routed");
  const now = context.clock();
  const opened: RoutedCase = {
    caseId: data.caseId,
    contentKey: data.contentKey,
    canonicalUrl: data.canonicalUrl,
    state: "open",
    revision: 0,
    members: [data.member],
    escalationLevel: 0,
    updatedAt: now.toISOString(),
  };
  const host = new URL(data.canonicalUrl).hostname;
  const owner = context.directory.ownerOf(host);
  if (owner === undefined)
    return unroutable(context, data, opened, { host, reason: "no_platform_for_host" });
  if (!owner.categories.includes(data.member.category)) {
    return unroutable(context, data, opened, {
      host,
      reason: "category_not_accepted",
      platformId: owner.id,
    });
  }
  const to = transitionCase("open", { kind: "notice_issued" });
  if (!to.ok) return rejected(to.reason, to.message);
  const window = answerWindowMs(owner, [data.member.requestedAction]);
  const next = {
    ...opened,
    state: to.to,
    platformId: owner.id,
    revision: 1,
    answerWindowMs: window,
    deadline: answerDeadline(data.openedAt, window),
  };
  const notice = await draftNotice(context, next, now);
  return {
    kind: "applied",
    next,
    emit: [
      {
        topic: context.topics.noticesOf(owner.id),
        event: createEvent("notice.issued", notice, { source: context.source, time: now }),
      },
      stateChangeEvent(context, {
        from: "open",
        next,
        trigger: "notice_issued",
        changedAt: notice.issuedAt,
      }),
    ],
  };
}

async function routeMerged(
  event: TakedownEvent<"case.merged">,
  { context, current }: CaseInput,
): Promise<RoutingOutcome> {
  const data = event.data;
  if (current === undefined) return rejected("UNKNOWN_CASE", `no case ${data.caseId} on this key`);
  if (current.caseId !== data.caseId) {
    return rejected("CASE_MISMATCH", `${data.caseId} is not the open case ${current.caseId}`);
  }
  if (current.members.some((m) => m.targetId === data.member.targetId))
    return ignored("member already on the case");
  const members = [...current.members, data.member];
  const now = context.clock();
  const platform =
    current.platformId === undefined ? undefined : context.directory.byId(current.platformId);
  const answering =
    current.state === "notified" ||
    current.state === "acknowledged" ||
    current.state === "escalated" ||
    current.state === "needs_info";
  if (platform === undefined || !answering) {
    // Unroutable or answered cases keep the member for the record; there is nobody to notify.
    return {
      kind: "applied",
      emit: [],
      next: { ...current, members, updatedAt: now.toISOString() },
    };
  }
  const window = answerWindowMs(platform, [data.member.requestedAction]);
  const mergedDeadline = answerDeadline(data.mergedAt, window);
  const informationProvided = current.state === "needs_info";
  const to = informationProvided
    ? transitionCase(current.state, { kind: "information_provided" })
    : ({ ok: true, to: current.state } as const);
  if (!to.ok) return rejected(to.reason, to.message);
  // The platform's clock restarts when the organ answers; otherwise a more urgent action can
  // only bring the deadline forward.
  const deadline =
    informationProvided || current.deadline === undefined
      ? answerDeadline(data.mergedAt, Math.min(window, current.answerWindowMs ?? window))
      : [current.deadline, mergedDeadline].sort((a, b) => Date.parse(a) - Date.parse(b))[0]!;
  const next = {
    ...current,
    members,
    state: to.to,
    platformId: platform.id,
    revision: current.revision + 1,
    deadline,
    answerWindowMs: Math.min(window, current.answerWindowMs ?? window),
    updatedAt: now.toISOString(),
  };
  const notice = await draftNotice(context, next, now);
  const emit: Emission[] = [
    {
      topic: context.topics.noticesOf(platform.id),
      event: createEvent(
        "notice.revised",
        {
          ...notice,
          revisionReason: informationProvided ? "information_provided" : "request_merged",
        },
        { source: context.source, time: now },
      ),
    },
  ];
  if (informationProvided) {
    emit.push(
      stateChangeEvent(context, {
        from: current.state,
        next,
        trigger: "information_provided",
        changedAt: notice.issuedAt,
      }),
    );
  }
  return { kind: "applied", emit, next };
}

function routeWithdrawn(
  event: TakedownEvent<"case.withdrawn">,
  { context, current }: CaseInput,
): RoutingOutcome {
  const data = event.data;
  if (current === undefined) return rejected("UNKNOWN_CASE", `no case ${data.caseId} on this key`);
  if (current.caseId !== data.caseId) {
    return rejected("CASE_MISMATCH", `${data.caseId} is not the open case ${current.caseId}`);
  }
  const to = transitionCase(current.state, { kind: "case_withdrawn" });
  if (!to.ok) return ignored(to.message);
  const changedAt = context.clock().toISOString();
  const next: RoutedCase = { ...current, state: to.to, updatedAt: changedAt };
  delete next.deadline;
  const emit: Emission[] = [];
  if (current.platformId !== undefined && current.revision > 0) {
    emit.push({
      topic: context.topics.noticesOf(current.platformId),
      event: createEvent(
        "notice.withdrawn",
        {
          caseId: current.caseId,
          contentKey: current.contentKey,
          platformId: current.platformId,
          revision: current.revision,
          reason: "all_requests_withdrawn",
          withdrawnAt: changedAt,
        },
        { source: context.source, time: changedAt },
      ),
    });
  }
  emit.push(
    stateChangeEvent(context, { from: current.state, next, trigger: "case_withdrawn", changedAt }),
  );
  return { kind: "applied", emit, next };
}

/** What routing does with each event of the cases topic (exhaustive over its event types). */
export const caseRouter: HandlersFor<"takedown.cases.v1", CaseInput, Promise<RoutingOutcome>> = {
  "case.opened": routeOpened,
  "case.merged": routeMerged,
  "case.withdrawn": (event, input) => Promise.resolve(routeWithdrawn(event, input)),
  "case.info_provided": routeInfoProvided,
  // Routing's own output on the same topic.
  "case.state_changed": () => Promise.resolve(ignored("routing's own state change")),
};
