import { platformIdSchema } from "../domain/identifiers.js";
import { createContractError } from "../errors.js";
import type { EventType } from "./event-catalog.js";

/** Topic names of SPEC §3 that do not depend on a platform. */
export const topics = {
  targets: "takedown.targets.v1",
  cases: "takedown.cases.v1",
  triage: "takedown.triage.v1",
  dlq: "takedown.dlq.v1",
  auditLog: "takedown.audit.log.v1",
} as const;

export type NoticesTopic = `takedown.notices.${string}.v1`;
export type ResponsesTopic = `takedown.responses.${string}.v1`;
export type TopicName = (typeof topics)[keyof typeof topics] | NoticesTopic | ResponsesTopic;

export type TopicFamily =
  "targets" | "cases" | "notices" | "responses" | "triage" | "dlq" | "audit";

/** Which event types may appear on each topic; a decoder given the topic refuses the others. */
export const eventTypesByTopicFamily = {
  targets: ["target.submitted", "target.withdrawn", "target.info_provided", "target.erased"],
  cases: [
    "case.opened",
    "case.merged",
    "case.withdrawn",
    "case.state_changed",
    "case.info_provided",
  ],
  notices: ["notice.issued", "notice.revised", "notice.withdrawn"],
  responses: ["response.submitted"],
  triage: ["case.unroutable", "case.escalated"],
  dlq: ["record.rejected"],
  audit: ["audit.entry"],
} as const satisfies Record<TopicFamily, readonly EventType[]>;

export type TopicFamilyOf<Topic extends TopicName> = Topic extends typeof topics.targets
  ? "targets"
  : Topic extends typeof topics.cases
    ? "cases"
    : Topic extends typeof topics.triage
      ? "triage"
      : Topic extends typeof topics.dlq
        ? "dlq"
        : Topic extends typeof topics.auditLog
          ? "audit"
          : Topic extends NoticesTopic
            ? "notices"
            : Topic extends ResponsesTopic
              ? "responses"
              : never;

/** The event types that may appear on a topic, e.g. `EventTypesOn<"takedown.cases.v1">`. */
export type EventTypesOn<Topic extends TopicName> =
  (typeof eventTypesByTopicFamily)[TopicFamilyOf<Topic>][number];

function platformSlug(platformId: string): string {
  if (!platformIdSchema.safeParse(platformId).success) {
    throw createContractError("CONTRACT_INVALID_TOPIC", {
      detail: `bad platform id ${platformId}`,
    });
  }
  return platformId;
}

/** `takedown.notices.<platformId>.v1`: read by that platform only. */
export function noticesTopic(platformId: string): NoticesTopic {
  return `takedown.notices.${platformSlug(platformId)}.v1`;
}

/** `takedown.responses.<platformId>.v1`: written by that platform only. */
export function responsesTopic(platformId: string): ResponsesTopic {
  return `takedown.responses.${platformSlug(platformId)}.v1`;
}

export interface ParsedTopic {
  readonly family: TopicFamily;
  /** Set for the per-platform notices and responses topics. */
  readonly platformId: string | undefined;
}

const FIXED_TOPICS = new Map<string, TopicFamily>([
  [topics.targets, "targets"],
  [topics.cases, "cases"],
  [topics.triage, "triage"],
  [topics.dlq, "dlq"],
  [topics.auditLog, "audit"],
]);
const PLATFORM_TOPIC = /^takedown\.(notices|responses)\.([a-z][a-z0-9]*(?:-[a-z0-9]+)*)\.v1$/;

/** Recognises a pipeline topic name; undefined for anything else (internal topics included). */
export function parseTopic(topic: string): ParsedTopic | undefined {
  const fixed = FIXED_TOPICS.get(topic);
  if (fixed !== undefined) return { family: fixed, platformId: undefined };
  const match = PLATFORM_TOPIC.exec(topic);
  if (match === null || match[2] === undefined || match[2].length > 48) return undefined;
  return { family: match[1] === "notices" ? "notices" : "responses", platformId: match[2] };
}

/** The event types allowed on a topic; empty for a name that is not a pipeline topic. */
export function eventTypesOnTopic(topic: string): readonly EventType[] {
  const parsed = parseTopic(topic);
  return parsed === undefined ? [] : eventTypesByTopicFamily[parsed.family];
}
