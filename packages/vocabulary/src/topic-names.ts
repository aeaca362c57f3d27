import { createVocabularyError } from "./errors.js";
import { isPlatformId, platformIdSource } from "./identifier-patterns.js";

/**
 * Every topic name of SPEC §3, owned here: contracts, config's checks of topics.yaml and
 * principals.yaml, the services and the tools derive theirs from these.
 */

/** The pipeline's shared topics that do not depend on a platform. */
export const topics = {
  targets: "takedown.targets.v1",
  cases: "takedown.cases.v1",
  triage: "takedown.triage.v1",
  dlq: "takedown.dlq.v1",
  auditLog: "takedown.audit.log.v1",
} as const;

/** Each service's own working topics (changelogs, re-keyed input, ticks); no other reads them. */
export const serviceTopics = {
  intakeIdempotency: "takedown.intake.idempotency.v1",
  dedupState: "takedown.dedup.state.v1",
  routingResponses: "takedown.routing.responses.v1",
  routingState: "takedown.routing.state.v1",
  statusState: "takedown.status.state.v1",
  auditTicks: "takedown.audit.ticks.v1",
} as const;

export type NoticesTopic = `takedown.notices.${string}.v1`;
export type ResponsesTopic = `takedown.responses.${string}.v1`;
export type TopicName = (typeof topics)[keyof typeof topics] | NoticesTopic | ResponsesTopic;

export type TopicFamily =
  "targets" | "cases" | "notices" | "responses" | "triage" | "dlq" | "audit";

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

/** The placeholder of per-platform topic names in topics.yaml and principals.yaml. */
export const PLATFORM_ID_PLACEHOLDER = "{platformId}";

/** Per-platform topic names as config files write them; `{platformId}` is each platform's id. */
export const platformTopicTemplates = {
  notices: "takedown.notices.{platformId}.v1",
  responses: "takedown.responses.{platformId}.v1",
} as const;

/**
 * A topic name or per-platform template as config files may declare it:
 * `takedown.<name>.v<major>`, `{platformId}` standing for each platform's id.
 */
export const topicNameTemplatePattern = /^takedown\.([a-z0-9_.-]|\{platformId\})+\.v\d+$/;

function checkedPlatformId(platformId: string): string {
  if (!isPlatformId(platformId)) {
    throw createVocabularyError("VOCABULARY_INVALID_PLATFORM_ID", {
      detail: `bad platform id ${platformId}`,
    });
  }
  return platformId;
}

/** `takedown.notices.<platformId>.v1`: read by that platform only. */
export function noticesTopic(platformId: string): NoticesTopic {
  return `takedown.notices.${checkedPlatformId(platformId)}.v1`;
}

/** `takedown.responses.<platformId>.v1`: written by that platform only. */
export function responsesTopic(platformId: string): ResponsesTopic {
  return `takedown.responses.${checkedPlatformId(platformId)}.v1`;
}

/** A per-platform template (`platformTopicTemplates`) with one platform's id in it. */
export function expandPlatformTopic(template: string, platformId: string): string {
  return template.replaceAll(PLATFORM_ID_PLACEHOLDER, checkedPlatformId(platformId));
}

const PLATFORM_TOPIC = new RegExp(`^takedown\\.(notices|responses)\\.(${platformIdSource})\\.v1$`);

/** Every platform's responses topic, for a pattern subscription (routing reads them all). */
export const responsesTopicPattern = new RegExp(
  `^takedown\\.responses\\.${platformIdSource}\\.v1$`,
);

/** Every topic the audit service records: all pipeline topics but the audit log itself. */
export const auditedTopicPattern = new RegExp(
  `^takedown\\.(targets|cases|triage|dlq|notices\\.${platformIdSource}|responses\\.${platformIdSource})\\.v1$`,
);

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

/** Recognises a pipeline topic name; undefined for anything else (service topics included). */
export function parseTopic(topic: string): ParsedTopic | undefined {
  const fixed = FIXED_TOPICS.get(topic);
  if (fixed !== undefined) return { family: fixed, platformId: undefined };
  const match = PLATFORM_TOPIC.exec(topic);
  if (match === null || match[2] === undefined || !isPlatformId(match[2])) return undefined;
  return { family: match[1] === "notices" ? "notices" : "responses", platformId: match[2] };
}

export function isNoticesTopic(topic: string): topic is NoticesTopic {
  return parseTopic(topic)?.family === "notices";
}

export function isResponsesTopic(topic: string): topic is ResponsesTopic {
  return parseTopic(topic)?.family === "responses";
}

/** Every fixed topic name this vocabulary owns (pipeline and service topics). */
export const fixedTopicNames: readonly string[] = [
  ...Object.values(topics),
  ...Object.values(serviceTopics),
];
