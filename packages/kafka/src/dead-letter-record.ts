import { createEvent, encodeEvent, rejectedRecordData, type Rejection } from "@takedown/contracts";
import type { ConsumedRecord } from "./kafka-record.js";
import type { OutputRecord } from "./output-record.js";

export interface DeadLetterOptions {
  dlqTopic: string;
  /** The CloudEvents source of the writing service, e.g. "/takedown/routing". */
  source: string;
  /** The service name put in the event (dedup, routing, audit, …). */
  rejectedBy: string;
  read: { topic: string; partition: number; message: ConsumedRecord };
  reason: Rejection | { readonly code: string; readonly message: string };
  now?: Date;
  /**
   * Leaves the original value out (the reason says so): a record near the broker's limit grows by
   * a third in base64 and would not fit the DLQ. It stays readable at its topic, partition and
   * offset for as long as that topic keeps it.
   */
  omitValue?: boolean;
}

/** The schema allows 10,000; an error's text past this is noise, and must not crowd out the record. */
const MAX_MESSAGE_CHARS = 2000;

function bounded(text: string): string {
  return text.length > MAX_MESSAGE_CHARS ? `${text.slice(0, MAX_MESSAGE_CHARS - 1)}…` : text;
}

/**
 * `record.rejected` for the DLQ: the original bytes, where they were read, and why. The event id
 * is derived from the position, so a rejection replayed after a crash is recognisably the same.
 */
export function deadLetterRecord(options: DeadLetterOptions): OutputRecord {
  const { topic, partition, message } = options.read;
  const original = options.omitValue === true ? { ...message, value: null } : message;
  const given = options.reason;
  const code = "reason" in given ? given.reason : given.code;
  const reason =
    options.omitValue === true
      ? {
          code,
          message: `${bounded(given.message)} (original value of ${message.value?.length ?? 0} bytes left out; read it at ${topic}/${partition}/${message.offset})`,
        }
      : given.message.length > MAX_MESSAGE_CHARS
        ? { ...given, message: bounded(given.message) }
        : given;
  const now = options.now ?? new Date();
  const data = rejectedRecordData({
    message: original,
    position: { topic, partition, offset: message.offset, timestamp: message.timestamp },
    reason,
    rejectedBy: options.rejectedBy,
    rejectedAt: now,
  });
  const id = `${options.rejectedBy}:${topic}/${partition}/${message.offset}`;
  const encoded = encodeEvent(
    createEvent("record.rejected", data, { source: options.source, id, time: now }),
  );
  return { topic: options.dlqTopic, ...encoded };
}
