import { parseTopic } from "@takedown/vocabulary";
import type { TopicFamily, TopicFamilyOf, TopicName } from "@takedown/vocabulary";
import type { EventType } from "./event-catalog.js";

/** Topic names are owned by @takedown/vocabulary; contracts adds which events each carries. */
export {
  topics,
  serviceTopics,
  platformTopicTemplates,
  noticesTopic,
  responsesTopic,
  expandPlatformTopic,
  parseTopic,
  isNoticesTopic,
  isResponsesTopic,
  responsesTopicPattern,
  auditedTopicPattern,
} from "@takedown/vocabulary";
export type {
  TopicName,
  TopicFamily,
  TopicFamilyOf,
  NoticesTopic,
  ResponsesTopic,
  ParsedTopic,
} from "@takedown/vocabulary";

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

/** The event types that may appear on a topic, e.g. `EventTypesOn<"takedown.cases.v1">`. */
export type EventTypesOn<Topic extends TopicName> =
  (typeof eventTypesByTopicFamily)[TopicFamilyOf<Topic>][number];

/** The event types allowed on a topic; empty for a name that is not a pipeline topic. */
export function eventTypesOnTopic(topic: string): readonly EventType[] {
  const parsed = parseTopic(topic);
  return parsed === undefined ? [] : eventTypesByTopicFamily[parsed.family];
}
