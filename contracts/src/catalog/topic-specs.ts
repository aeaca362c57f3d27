import type { EventKeying } from "./event-definition.js";
import { platformTopicTemplates, topics } from "@takedown/vocabulary";
import { eventTypesByTopicFamily } from "./topics.js";
import type { TopicFamily } from "./topics.js";

export type PipelineService = "intake" | "dedup" | "routing" | "audit" | "platform";

export interface TopicSpec {
  readonly family: TopicFamily;
  /** The topic name; `{platformId}` stands for the platform's id in per-platform topics. */
  readonly address: string;
  readonly description: string;
  readonly keying: EventKeying;
  readonly writers: readonly PipelineService[];
  readonly readers: readonly PipelineService[];
  readonly eventTypes: readonly string[];
}

const ALL_SERVICES: readonly PipelineService[] = [
  "intake",
  "dedup",
  "routing",
  "audit",
  "platform",
];

function spec(
  family: TopicFamily,
  address: string,
  fields: Omit<TopicSpec, "family" | "address" | "eventTypes">,
): TopicSpec {
  return { family, address, eventTypes: eventTypesByTopicFamily[family], ...fields };
}

const content = {
  keying: "content-key",
} as const;

export const topicSpecs: readonly TopicSpec[] = [
  spec("targets", topics.targets, {
    ...content,
    description: "One record per target an organ submitted, withdrew or answered needs_info about.",
    writers: ["intake"],
    readers: ["dedup", "audit"],
  }),
  spec("cases", topics.cases, {
    ...content,
    description: "Case membership and members' answers (dedup) and case state (routing).",
    writers: ["dedup", "routing"],
    readers: ["routing", "dedup", "audit", "intake"],
  }),
  spec("notices", platformTopicTemplates.notices, {
    ...content,
    description: "Notices to one platform; readable by that platform only (Kafka ACLs).",
    writers: ["routing"],
    readers: ["platform", "audit", "intake"],
  }),
  spec("responses", platformTopicTemplates.responses, {
    ...content,
    description: "One platform's answers, keyed by the content key of the notice answered.",
    writers: ["platform"],
    readers: ["routing", "audit", "intake"],
  }),
  spec("triage", topics.triage, {
    ...content,
    description: "Cases operators must look at: unroutable or past their deadline.",
    writers: ["routing"],
    readers: ["audit"],
  }),
  spec("dlq", topics.dlq, {
    keying: "original-key",
    description: "Records a service could not process, with their original bytes and the reason.",
    writers: ALL_SERVICES.filter((s) => s !== "platform"),
    readers: ["audit"],
  }),
  spec("audit", topics.auditLog, {
    keying: "none",
    description: "The append-only audit log: one partition, never deleted; leaf i is offset i.",
    writers: ["audit"],
    readers: [],
  }),
];
