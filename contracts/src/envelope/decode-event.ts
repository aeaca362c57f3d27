import { caseIdMatchesContentKey, timestampSchema } from "../domain/identifiers.js";
import { compiledSchemaOf } from "../catalog/compiled-schema.js";
import type { EventRegistry } from "../catalog/event-registry.js";
import { defaultEventRegistry } from "../catalog/event-registry.js";
import type { AnyTakedownEvent } from "../catalog/takedown-event.js";
import { parseTopic, eventTypesByTopicFamily } from "../catalog/topics.js";
import {
  CONTENT_TYPE,
  HEADER,
  SPEC_VERSION,
  readHeader,
  validTraceparent,
} from "./cloudevent-headers.js";
import type { IncomingHeaders } from "./cloudevent-headers.js";
import { describeIssues, issuesOf } from "./rejection.js";
import type { Rejection, RejectionIssue, RejectionReason } from "./rejection.js";

/** The parts of a kafkajs `KafkaMessage` the decoder reads (kafkajs itself is not a dependency). */
export interface IncomingMessage {
  readonly key: Buffer | string | null;
  readonly value: Buffer | null;
  readonly headers?: IncomingHeaders;
}

export interface DecodeOptions {
  /** The topic the record was read from: events not allowed on it are refused (WRONG_TOPIC). */
  readonly topic?: string;
}

export type DecodeResult =
  | {
      readonly ok: true;
      readonly event: AnyTakedownEvent;
      /** The record key as text (null when unkeyed). */
      readonly key: string | null;
      /** The major version the record was written with (lower than the latest when upcast). */
      readonly writtenMajor: number;
      /**
       * The JSON value exactly as carried, fields of newer minor versions included (the typed
       * `event.data` drops fields it does not know). The audit log keeps this.
       */
      readonly rawData: unknown;
    }
  | { readonly ok: false; readonly rejection: Rejection };

export type EventDecoder = (message: IncomingMessage, options?: DecodeOptions) => DecodeResult;

const PLATFORM_FAMILIES = new Set(["notices", "responses"]);

function reject(
  reason: RejectionReason,
  message: string,
  context: {
    ceType?: string | undefined;
    eventId?: string | undefined;
    issues?: RejectionIssue[];
  } = {},
): DecodeResult {
  return {
    ok: false,
    rejection: {
      reason,
      message,
      ceType: context.ceType,
      eventId: context.eventId,
      issues: context.issues ?? [],
    },
  };
}

const fastTimestamp = compiledSchemaOf(timestampSchema);

/**
 * Buffer#toString would put U+FFFD where bytes are not UTF-8 and the record would be accepted
 * with other text than it carries (and audited so); a fatal decoder refuses it instead.
 */
const strictUtf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

function isValidTime(value: string): boolean {
  return fastTimestamp.safeParse(value).success;
}

/**
 * Builds a decoder over a registry (tests pass one with extra versions; services use
 * `decodeEvent`). The decoder never throws: any failure becomes a typed rejection.
 */
export function createEventDecoder(registry: EventRegistry): EventDecoder {
  const decode = (message: IncomingMessage, options: DecodeOptions): DecodeResult => {
    const headers = message.headers;
    const typeHeader = readHeader(headers, HEADER.type);
    if (!typeHeader.ok) return reject("INVALID_HEADER", typeHeader.message);
    const ceType = typeHeader.value;
    if (ceType === undefined) return reject("MISSING_HEADER", `missing header ${HEADER.type}`);
    const idHeader = readHeader(headers, HEADER.id);
    const eventId = idHeader.ok ? idHeader.value : undefined;
    const context = { ceType, eventId };

    const resolution = registry.resolve(ceType);
    if (resolution.kind === "unknown_type")
      return reject("UNKNOWN_TYPE", resolution.message, context);
    if (resolution.kind === "unknown_major") {
      return reject("UNKNOWN_MAJOR_VERSION", resolution.message, context);
    }

    const attributes: Record<string, string | undefined> = {};
    for (const name of [HEADER.specversion, HEADER.id, HEADER.source, HEADER.time] as const) {
      const header = readHeader(headers, name);
      if (!header.ok) return reject("INVALID_HEADER", header.message, context);
      if (header.value === undefined || header.value === "") {
        return reject("MISSING_HEADER", `missing header ${name}`, context);
      }
      attributes[name] = header.value;
    }
    const optional: Record<string, string | undefined> = {};
    for (const name of [HEADER.subject, HEADER.contentType, HEADER.traceparent] as const) {
      const header = readHeader(headers, name);
      if (!header.ok) return reject("INVALID_HEADER", header.message, context);
      optional[name] = header.value;
    }
    if (attributes[HEADER.specversion] !== SPEC_VERSION) {
      return reject("INVALID_HEADER", `${HEADER.specversion} must be "${SPEC_VERSION}"`, context);
    }
    const time = attributes[HEADER.time] ?? "";
    if (!isValidTime(time))
      return reject("INVALID_HEADER", `${HEADER.time} is not RFC 3339: ${time}`, context);
    const contentType = optional[HEADER.contentType];
    if (
      contentType !== undefined &&
      contentType.split(";")[0]?.trim().toLowerCase() !== CONTENT_TYPE
    ) {
      return reject(
        "INVALID_HEADER",
        `content-type must be ${CONTENT_TYPE}, got ${contentType}`,
        context,
      );
    }

    let topicPlatform: string | undefined;
    if (options.topic !== undefined) {
      const topic = parseTopic(options.topic);
      const allowed: readonly string[] | undefined =
        topic === undefined ? undefined : eventTypesByTopicFamily[topic.family];
      if (allowed === undefined || !allowed.includes(resolution.latest.type)) {
        return reject(
          "WRONG_TOPIC",
          `${resolution.latest.type} may not appear on ${options.topic}`,
          context,
        );
      }
      if (topic !== undefined && PLATFORM_FAMILIES.has(topic.family))
        topicPlatform = topic.platformId;
    }

    if (message.value === null)
      return reject("INVALID_JSON", "record has no value (tombstone)", context);
    let text: string;
    try {
      text = strictUtf8.decode(message.value);
    } catch {
      return reject("INVALID_JSON", "value is not UTF-8 (RFC 8259 §8.1)", context);
    }
    let rawData: unknown;
    try {
      rawData = JSON.parse(text);
    } catch (error) {
      return reject("INVALID_JSON", `value is not JSON: ${(error as Error).message}`, context);
    }

    const parsed = compiledSchemaOf(resolution.written.schema).safeParse(rawData);
    if (!parsed.success) {
      const issues = issuesOf(parsed.error);
      return reject("INVALID_DATA", `${ceType}: ${describeIssues(issues)}`, { ...context, issues });
    }
    let data: unknown = parsed.data;
    if (resolution.upcasters.length > 0) {
      for (const upcaster of resolution.upcasters) data = upcaster.upcast(data);
      const upcast = compiledSchemaOf(resolution.latest.schema).safeParse(data);
      if (!upcast.success) {
        const issues = issuesOf(upcast.error);
        const text = `${ceType} upcast to ${resolution.latest.id}: ${describeIssues(issues)}`;
        return reject("INVALID_DATA", text, { ...context, issues });
      }
      data = upcast.data;
    }

    const key =
      message.key === null
        ? null
        : typeof message.key === "string"
          ? message.key
          : message.key.toString("utf8");
    const latest = resolution.latest;
    if (latest.keying === "content-key") {
      const expected = latest.keyOf(data);
      if (key !== expected) {
        return reject(
          "KEY_MISMATCH",
          `record key ${String(key)} is not the content key ${String(expected)}`,
          context,
        );
      }
    }
    const caseId = latest.caseIdOf(data);
    const contentKey = latest.keyOf(data);
    if (
      caseId !== undefined &&
      contentKey !== null &&
      !caseIdMatchesContentKey(caseId, contentKey)
    ) {
      return reject(
        "KEY_MISMATCH",
        `case id ${caseId} does not embed content key ${contentKey}`,
        context,
      );
    }
    if (topicPlatform !== undefined) {
      const platformId = (data as { platformId?: unknown }).platformId;
      if (platformId !== topicPlatform) {
        return reject(
          "WRONG_TOPIC",
          `platformId ${String(platformId)} on ${options.topic} of ${topicPlatform}`,
          context,
        );
      }
    }

    const event = {
      type: latest.type,
      id: attributes[HEADER.id],
      source: attributes[HEADER.source],
      time,
      subject: optional[HEADER.subject],
      traceparent: validTraceparent(optional[HEADER.traceparent]),
      data,
    } as AnyTakedownEvent;
    return { ok: true, event, key, writtenMajor: resolution.written.major, rawData };
  };

  return (message, options = {}) => {
    try {
      return decode(message, options);
    } catch (error) {
      // Last line of defence: a consumer loop must never stop on one record.
      return reject("DECODER_FAILURE", `decoder failed: ${String(error)}`);
    }
  };
}

/** Decodes a Kafka record of the pipeline into a typed event, or a typed rejection. Never throws. */
export const decodeEvent: EventDecoder = createEventDecoder(defaultEventRegistry);
