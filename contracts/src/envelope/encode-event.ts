import { caseIdMatchesContentKey, timestampSchema } from "../domain/identifiers.js";
import { compiledSchemaOf } from "../catalog/compiled-schema.js";
import { eventDefinitionOf } from "../catalog/event-catalog.js";
import type { EventDefinition } from "../catalog/event-definition.js";
import type { AnyTakedownEvent } from "../catalog/takedown-event.js";
import { createContractError } from "../errors.js";
import { CONTENT_TYPE, HEADER, SPEC_VERSION, dataSchemaUriOf } from "./cloudevent-headers.js";
import { describeIssues, issuesOf } from "./rejection.js";

/** What kafkajs `producer.send({ messages })` takes for one record. */
export interface EncodedRecord {
  /** The content key (or the DLQ's original key); null on the unkeyed audit log. */
  readonly key: string | null;
  readonly value: Buffer;
  readonly headers: Record<string, string>;
}

/**
 * Encodes an event as a CloudEvents binary-mode Kafka record. The data is validated and the
 * parsed output is what gets written, so fields the schema does not know never leave a writer.
 * Throws a TakedownError (CONTRACT_…) on invalid data: that is a bug of the writing service,
 * and publishing it would only move the failure to every reader.
 */
export function encodeEvent(event: AnyTakedownEvent): EncodedRecord {
  const definition: EventDefinition = eventDefinitionOf(event.type);
  const parsed = compiledSchemaOf(definition.schema).safeParse(event.data);
  if (!parsed.success) {
    const issues = issuesOf(parsed.error);
    throw createContractError("CONTRACT_INVALID_EVENT_DATA", {
      detail: `${definition.id}: ${describeIssues(issues)}`,
      details: { issues },
    });
  }
  const data = parsed.data;
  const key = definition.keyOf(data);
  const caseId = definition.caseIdOf(data);
  if (caseId !== undefined && key !== null && !caseIdMatchesContentKey(caseId, key)) {
    throw createContractError("CONTRACT_INVALID_EVENT_DATA", {
      detail: `case id ${caseId} does not embed content key ${key}`,
    });
  }
  return {
    key,
    value: Buffer.from(JSON.stringify(data), "utf8"),
    headers: encodeEventHeaders(event),
  };
}

/**
 * The CloudEvents binary-mode headers of an event, its envelope checked, its data neither
 * validated nor serialised: for a writer whose record value is not the JSON of the data (the
 * audit log, whose value is the RFC 8785 leaf the Merkle tree hashes). encodeEvent uses it too.
 */
const fastTimestamp = compiledSchemaOf(timestampSchema);

export function encodeEventHeaders(event: AnyTakedownEvent): Record<string, string> {
  const definition: EventDefinition = eventDefinitionOf(event.type);
  if (event.id === "" || event.source === "") {
    throw createContractError("CONTRACT_INVALID_ENVELOPE", {
      detail: "id and source must not be empty",
    });
  }
  if (!fastTimestamp.safeParse(event.time).success) {
    throw createContractError("CONTRACT_INVALID_ENVELOPE", {
      detail: `time is not RFC 3339: ${event.time}`,
    });
  }

  const headers: Record<string, string> = {
    [HEADER.specversion]: SPEC_VERSION,
    [HEADER.id]: event.id,
    [HEADER.source]: event.source,
    [HEADER.type]: definition.id,
    [HEADER.time]: event.time,
    [HEADER.dataschema]: dataSchemaUriOf(definition.id),
    [HEADER.contentType]: CONTENT_TYPE,
  };
  if (event.subject !== undefined) headers[HEADER.subject] = event.subject;
  if (event.traceparent !== undefined) headers[HEADER.traceparent] = event.traceparent;
  return headers;
}
