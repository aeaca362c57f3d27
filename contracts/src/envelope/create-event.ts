import { randomUUID } from "node:crypto";
import { eventDefinitionOf } from "../catalog/event-catalog.js";
import type { EventDataOf, EventType } from "../catalog/event-catalog.js";
import type { EventDefinition } from "../catalog/event-definition.js";
import type { TakedownEvent } from "../catalog/takedown-event.js";
import { newTraceparent } from "./traceparent.js";

export interface CreateEventOptions {
  /** `ce_source` of the producer, e.g. `/takedown/dedup`. */
  readonly source: string;
  /** Defaults to the most specific id in the data (target, case, …). */
  readonly subject?: string;
  /** Defaults to a random UUID. Pass a deterministic id to make re-publishing idempotent. */
  readonly id?: string;
  /** Defaults to now. */
  readonly time?: string | Date;
  /** Propagate the incoming trace; a new root trace otherwise. */
  readonly traceparent?: string;
}

/** Builds a typed event; validation happens once, in encodeEvent. */
export function createEvent<T extends EventType>(
  type: T,
  data: EventDataOf<T>,
  options: CreateEventOptions,
): TakedownEvent<T> {
  const definition = eventDefinitionOf(type) as EventDefinition;
  const time = options.time ?? new Date();
  return {
    type,
    id: options.id ?? randomUUID(),
    source: options.source,
    time: typeof time === "string" ? time : time.toISOString(),
    subject: options.subject ?? definition.subjectOf(data),
    traceparent: options.traceparent ?? newTraceparent(),
    data,
  };
}
