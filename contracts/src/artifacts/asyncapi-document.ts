import { latestEventDefinitions } from "../catalog/event-catalog.js";
import type { EventDefinition } from "../catalog/event-definition.js";
import { topicSpecs } from "../catalog/topic-specs.js";
import type { TopicSettingsLookup } from "./topic-settings.js";
import type { PipelineService, TopicSpec } from "../catalog/topic-specs.js";
import type { TopicFamily } from "../catalog/topics.js";
import {
  CONTENT_TYPE,
  HEADER,
  SPEC_VERSION,
  dataSchemaUriOf,
} from "../envelope/cloudevent-headers.js";
import { publishedJsonSchemaOf } from "./published-json-schema.js";
import type { JsonSchemaDocument } from "./published-json-schema.js";

const KAFKA_BINDING_VERSION = "0.5.0";

/** Which service sends or receives what, per topic family (SPEC §3 "written by" / "read by"). */
const OPERATIONS: readonly {
  service: PipelineService;
  action: "send" | "receive";
  family: TopicFamily;
  types?: readonly string[];
}[] = [
  { service: "intake", action: "send", family: "targets" },
  { service: "intake", action: "receive", family: "cases" },
  { service: "intake", action: "receive", family: "notices" },
  { service: "intake", action: "receive", family: "responses" },
  { service: "intake", action: "send", family: "dlq" },
  { service: "dedup", action: "receive", family: "targets" },
  { service: "dedup", action: "receive", family: "cases", types: ["case.state_changed"] },
  {
    service: "dedup",
    action: "send",
    family: "cases",
    types: ["case.opened", "case.merged", "case.withdrawn"],
  },
  { service: "dedup", action: "send", family: "dlq" },
  { service: "routing", action: "receive", family: "cases" },
  { service: "routing", action: "send", family: "cases", types: ["case.state_changed"] },
  { service: "routing", action: "send", family: "notices" },
  { service: "routing", action: "receive", family: "responses" },
  { service: "routing", action: "send", family: "triage" },
  { service: "routing", action: "send", family: "dlq" },
  { service: "audit", action: "receive", family: "targets" },
  { service: "audit", action: "receive", family: "cases" },
  { service: "audit", action: "receive", family: "notices" },
  { service: "audit", action: "receive", family: "responses" },
  { service: "audit", action: "receive", family: "triage" },
  { service: "audit", action: "receive", family: "dlq" },
  { service: "audit", action: "send", family: "audit" },
  { service: "audit", action: "send", family: "dlq" },
  { service: "platform", action: "receive", family: "notices" },
  { service: "platform", action: "send", family: "responses" },
];

function headersSchemaOf(definition: EventDefinition): JsonSchemaDocument {
  const text = { type: "string", minLength: 1 };
  return {
    type: "object",
    description: "CloudEvents 1.0 Kafka binary-mode attributes and W3C trace context.",
    required: [HEADER.specversion, HEADER.id, HEADER.source, HEADER.type, HEADER.time],
    properties: {
      [HEADER.specversion]: { type: "string", const: SPEC_VERSION },
      [HEADER.id]: {
        ...text,
        description: "Unique per source; readers deduplicate on (source, id).",
      },
      [HEADER.source]: { ...text, description: "URI reference of the producer." },
      [HEADER.type]: { type: "string", const: definition.id },
      [HEADER.time]: { type: "string", format: "date-time" },
      [HEADER.subject]: { ...text, description: "The case, target or record the event is about." },
      [HEADER.dataschema]: { type: "string", const: dataSchemaUriOf(definition.id) },
      [HEADER.contentType]: { type: "string", const: CONTENT_TYPE },
      [HEADER.traceparent]: {
        type: "string",
        pattern: "^[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}",
      },
    },
  };
}

function keySchemaOf(spec: TopicSpec): JsonSchemaDocument | undefined {
  switch (spec.keying) {
    case "content-key":
      return {
        type: "string",
        pattern: "^[0-9a-f]{64}$",
        description: "Content key: SHA-256 of the canonical URL.",
      };
    case "original-key":
      return { type: ["string", "null"], description: "The key of the rejected record." };
    case "none":
      return undefined;
  }
}

function channelOf(spec: TopicSpec, settings: TopicSettingsLookup): JsonSchemaDocument {
  const perPlatform = spec.address.includes("{platformId}");
  return {
    address: spec.address,
    title: spec.address,
    description: `${spec.description} Written by ${spec.writers.join(", ")}; read by ${spec.readers.join(", ") || "auditors"}.`,
    ...(perPlatform
      ? {
          parameters: {
            platformId: { description: "Platform id (lowercase slug) from the platform registry." },
          },
        }
      : {}),
    messages: Object.fromEntries(
      spec.eventTypes.map((type) => [type, { $ref: `#/components/messages/${type}` }]),
    ),
    bindings: {
      kafka: {
        ...(perPlatform ? {} : { topic: spec.address }),
        partitions: settings(spec.address).partitions,
        topicConfiguration: {
          "cleanup.policy": [settings(spec.address).cleanupPolicy],
          "retention.ms": settings(spec.address).retentionMs,
        },
        bindingVersion: KAFKA_BINDING_VERSION,
      },
    },
  };
}

/** One AsyncAPI 3.0 document for every pipeline topic, message and service operation. */
export function asyncApiDocument(settings: TopicSettingsLookup): JsonSchemaDocument {
  const specByFamily = new Map(topicSpecs.map((spec) => [spec.family, spec]));
  const messages: Record<string, JsonSchemaDocument> = {};
  const schemas: Record<string, JsonSchemaDocument> = {};
  for (const definition of latestEventDefinitions) {
    const spec = topicSpecs.find((s) => s.eventTypes.includes(definition.type));
    const key = spec === undefined ? undefined : keySchemaOf(spec);
    const payload = publishedJsonSchemaOf(definition);
    delete payload.$schema;
    schemas[definition.id] = payload;
    messages[definition.type] = {
      name: definition.type,
      title: definition.id,
      summary: definition.description,
      contentType: CONTENT_TYPE,
      headers: headersSchemaOf(definition),
      payload: { $ref: `#/components/schemas/${definition.id}` },
      ...(key === undefined
        ? {}
        : { bindings: { kafka: { key, bindingVersion: KAFKA_BINDING_VERSION } } }),
    };
  }
  const operations: Record<string, JsonSchemaDocument> = {};
  for (const operation of OPERATIONS) {
    const spec = specByFamily.get(operation.family);
    if (spec === undefined) continue;
    const types = operation.types ?? spec.eventTypes;
    operations[`${operation.service}.${operation.action}.${operation.family}`] = {
      action: operation.action,
      channel: { $ref: `#/channels/${operation.family}` },
      summary: `${operation.service} ${operation.action === "send" ? "writes" : "reads"} ${types.join(", ")}`,
      messages: types.map((type) => ({ $ref: `#/channels/${operation.family}/messages/${type}` })),
      tags: [{ name: operation.service }],
    };
  }
  return {
    asyncapi: "3.0.0",
    info: {
      title: "Takedown relay",
      version: "1.0.0",
      description:
        "Removal requests about online defamation and privacy violations, relayed from Japanese human-rights organs to platforms, with an audit log. Every record is a CloudEvents 1.0 event in Kafka binary mode.",
    },
    defaultContentType: CONTENT_TYPE,
    channels: Object.fromEntries(
      topicSpecs.map((spec) => [spec.family, channelOf(spec, settings)]),
    ),
    operations,
    components: { schemas, messages },
  };
}
