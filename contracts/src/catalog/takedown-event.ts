import type { EventDataOf, EventType } from "./event-catalog.js";

/**
 * An event as services see it: the CloudEvents attributes they care about plus typed data. The
 * Kafka key, `ce_type`, `ce_dataschema` and `content-type` are derived, never set by hand.
 */
export interface TakedownEvent<T extends EventType = EventType> {
  readonly type: T;
  /** `ce_id`: unique per source; consumers deduplicate on (source, id). */
  readonly id: string;
  /** `ce_source`: URI reference of the producer, e.g. `/takedown/intake` or `/platforms/x`. */
  readonly source: string;
  /** `ce_time`: RFC 3339. */
  readonly time: string;
  readonly subject: string | undefined;
  /** W3C trace context of the producing operation. */
  readonly traceparent: string | undefined;
  readonly data: EventDataOf<T>;
}

/** Distributes over a union of types, so `event.type` narrows `event.data`. */
export type TakedownEventOf<T extends EventType> = T extends EventType ? TakedownEvent<T> : never;

/** Every event of the catalog as a discriminated union on `type`. */
export type AnyTakedownEvent = TakedownEventOf<EventType>;
