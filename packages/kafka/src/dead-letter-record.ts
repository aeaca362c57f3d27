import { createEvent, encodeEvent, rejectedRecordData, type Rejection } from "@takedown/contracts";
import type { ConsumedRecord } from "./kafka-record.js";
import type { OutputRecord } from "./output-record.js";
import { DEFAULT_MAX_REQUEST_BYTES, recordBytes } from "./produce-requests.js";

export interface DeadLetterOptions {
  dlqTopic: string;
  /** The CloudEvents source of the writing service, e.g. "/takedown/routing". */
  source: string;
  /** The service name put in the event (dedup, routing, audit, …). */
  rejectedBy: string;
  read: { topic: string; partition: number; message: ConsumedRecord };
  reason: Rejection | { readonly code: string; readonly message: string };
  now?: Date;
  /** Leaves the original value out even when it would fit. */
  omitValue?: boolean;
  /**
   * The largest DLQ record to make (recordBytes; default DEFAULT_MAX_REQUEST_BYTES, what a
   * processor writes). The original's bytes grow by a third in base64 and its key is also the
   * DLQ record's key, so a record near the broker's limit would not fit whole: its value is left
   * out first, then its key and headers too. The reason says so; the original stays readable at
   * its topic, partition and offset for as long as that topic keeps it.
   */
  maxBytes?: number;
}

/** The schema allows 10,000; an error's text past this is noise, and must not crowd out the record. */
const MAX_MESSAGE_CHARS = 2000;

function bounded(text: string): string {
  return text.length > MAX_MESSAGE_CHARS ? `${text.slice(0, MAX_MESSAGE_CHARS - 1)}…` : text;
}

type Omission = "none" | "value" | "all";

/**
 * `record.rejected` for the DLQ: the original bytes, where they were read, and why. The event id
 * is derived from the position, so a rejection replayed after a crash is recognisably the same.
 * It always fits `maxBytes`: a DLQ record that cannot be written would stop the partition.
 */
export function deadLetterRecord(options: DeadLetterOptions): OutputRecord {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_REQUEST_BYTES;
  const levels: Omission[] =
    options.omitValue === true ? ["value", "all"] : ["none", "value", "all"];
  let record: OutputRecord | undefined;
  for (const omission of levels) {
    record = build(options, omission);
    if (recordBytes(record) <= maxBytes) return record;
  }
  return record ?? build(options, "all");
}

function build(options: DeadLetterOptions, omission: Omission): OutputRecord {
  const { topic, partition, message } = options.read;
  const headerCount = Object.keys(message.headers ?? {}).length;
  const original =
    omission === "none"
      ? message
      : omission === "value"
        ? { ...message, value: null }
        : { ...message, key: null, value: null, headers: {} };
  const given = options.reason;
  const code = "reason" in given ? given.reason : given.code;
  const where = `read it at ${topic}/${partition}/${message.offset}`;
  const reason =
    omission === "value"
      ? {
          code,
          message: `${bounded(given.message)} (original value of ${message.value?.length ?? 0} bytes left out; ${where})`,
        }
      : omission === "all"
        ? {
            code,
            message: `${bounded(given.message)} (original key of ${message.key?.length ?? 0} bytes, value of ${message.value?.length ?? 0} bytes and ${headerCount} headers left out; ${where})`,
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
