import type { EventDataOf } from "../catalog/event-catalog.js";
import type { IncomingMessage } from "./decode-event.js";
import type { Rejection } from "./rejection.js";

/** Where a rejected record was read from (kafkajs `eachMessage` gives all of it). */
export interface RecordPosition {
  readonly topic: string;
  readonly partition: number;
  readonly offset: string;
  /** kafkajs `message.timestamp` (ms since epoch as a string). */
  readonly timestamp?: string;
}

/**
 * The data of a `record.rejected` event for a record a service could not use: original bytes,
 * position and reason. The reason is a decode rejection or a service's own (code, message).
 */
export function rejectedRecordData(options: {
  message: IncomingMessage;
  position: RecordPosition;
  reason: Rejection | { readonly code: string; readonly message: string };
  rejectedBy: string;
  rejectedAt?: Date;
}): EventDataOf<"record.rejected"> {
  const { message, position, reason } = options;
  const headers: { key: string; valueBase64: string }[] = [];
  for (const [key, raw] of Object.entries(message.headers ?? {})) {
    const values = raw === undefined ? [] : Array.isArray(raw) ? raw : [raw];
    for (const value of values)
      headers.push({ key, valueBase64: Buffer.from(value).toString("base64") });
  }
  const isRejection = "reason" in reason;
  return {
    original: {
      topic: position.topic,
      partition: position.partition,
      offset: position.offset,
      ...(position.timestamp === undefined ? {} : { timestamp: position.timestamp }),
      keyBase64: message.key === null ? null : Buffer.from(message.key).toString("base64"),
      valueBase64: message.value === null ? null : message.value.toString("base64"),
      headers,
    },
    reason: {
      code: isRejection ? reason.reason : reason.code,
      message: reason.message,
      ...(isRejection && reason.issues.length > 0
        ? {
            issues: reason.issues.map((i) => ({
              path: [...i.path],
              code: i.code,
              message: i.message,
            })),
          }
        : {}),
    },
    rejectedBy: options.rejectedBy,
    rejectedAt: (options.rejectedAt ?? new Date()).toISOString(),
  };
}
