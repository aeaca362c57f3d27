import type { z } from "zod";
import { auditEntryV1 } from "../events/audit-entry.v1.js";
import { caseEscalatedV1 } from "../events/case-escalated.v1.js";
import { caseMergedV1 } from "../events/case-merged.v1.js";
import { caseMergedV2 } from "../events/case-merged.v2.js";
import { caseOpenedV1 } from "../events/case-opened.v1.js";
import { caseOpenedV2 } from "../events/case-opened.v2.js";
import { caseStateChangedV1 } from "../events/case-state-changed.v1.js";
import { caseUnroutableV1 } from "../events/case-unroutable.v1.js";
import { caseWithdrawnV1 } from "../events/case-withdrawn.v1.js";
import { noticeIssuedV1 } from "../events/notice-issued.v1.js";
import { noticeIssuedV2 } from "../events/notice-issued.v2.js";
import { noticeRevisedV1 } from "../events/notice-revised.v1.js";
import { noticeRevisedV2 } from "../events/notice-revised.v2.js";
import { noticeWithdrawnV1 } from "../events/notice-withdrawn.v1.js";
import { recordRejectedV1 } from "../events/record-rejected.v1.js";
import { responseSubmittedV1 } from "../events/response-submitted.v1.js";
import { targetSubmittedV1 } from "../events/target-submitted.v1.js";
import { targetSubmittedV2 } from "../events/target-submitted.v2.js";
import { targetWithdrawnV1 } from "../events/target-withdrawn.v1.js";
import { targetInfoProvidedV1 } from "../events/target-info-provided.v1.js";
import { targetErasedV1 } from "../events/target-erased.v1.js";
import { caseInfoProvidedV1 } from "../events/case-info-provided.v1.js";
import { createContractError } from "../errors.js";
import type { EventDefinition } from "./event-definition.js";

/**
 * The latest major version of every event type: what services read and write. When a v2 of an
 * event appears, it replaces the v1 here and the v1 moves to `legacyEventDefinitions` with an
 * upcaster v1 → v2 (see event-registry.ts).
 */
export const latestEventDefinitions = [
  targetSubmittedV2,
  targetWithdrawnV1,
  targetInfoProvidedV1,
  targetErasedV1,
  caseOpenedV2,
  caseMergedV2,
  caseWithdrawnV1,
  caseStateChangedV1,
  caseInfoProvidedV1,
  noticeIssuedV2,
  noticeRevisedV2,
  noticeWithdrawnV1,
  responseSubmittedV1,
  caseUnroutableV1,
  caseEscalatedV1,
  recordRejectedV1,
  auditEntryV1,
] as const;

/**
 * Older major versions still readable through upcasters: the v1 events that carried personal
 * data inline (issue 13).
 */
export const legacyEventDefinitions: readonly EventDefinition[] = [
  targetSubmittedV1,
  caseOpenedV1,
  caseMergedV1,
  noticeIssuedV1,
  noticeRevisedV1,
];

type LatestDefinition = (typeof latestEventDefinitions)[number];

export type EventType = LatestDefinition["type"];
export type EventDefinitionOf<T extends EventType> = Extract<LatestDefinition, { type: T }>;
/** The data of the latest major version of an event type. */
export type EventDataOf<T extends EventType> = z.output<EventDefinitionOf<T>["schema"]>;

export const eventTypes: readonly EventType[] = latestEventDefinitions.map((d) => d.type);

const definitionByType = new Map<string, LatestDefinition>(
  latestEventDefinitions.map((d) => [d.type, d]),
);

export function isEventType(value: string): value is EventType {
  return definitionByType.has(value);
}

/** The latest definition of an event type; throws for a name that is not an event type. */
export function eventDefinitionOf<T extends EventType>(type: T): EventDefinitionOf<T> {
  const definition = definitionByType.get(type);
  if (definition === undefined)
    throw createContractError("CONTRACT_UNKNOWN_EVENT_TYPE", { detail: type });
  return definition as EventDefinitionOf<T>;
}
