import { createEvent, encodeEvent, rejectedRecordData, type Rejection } from "@takedown/contracts";
import type { KafkaMessage, OutputRecord } from "@takedown/kafka";

/** `record.rejected` for the DLQ: the original bytes, where they were read, and why. */
export function deadLetterRecord(options: {
  dlqTopic: string;
  source: string;
  read: { topic: string; partition: number; message: KafkaMessage };
  reason: Rejection | { code: string; message: string };
  now: Date;
}): OutputRecord {
  const { message } = options.read;
  const data = rejectedRecordData({
    message,
    position: {
      topic: options.read.topic,
      partition: options.read.partition,
      offset: message.offset,
      timestamp: message.timestamp,
    },
    reason: options.reason,
    rejectedBy: "routing",
    rejectedAt: options.now,
  });
  const encoded = encodeEvent(
    createEvent("record.rejected", data, { source: options.source, time: options.now }),
  );
  return { topic: options.dlqTopic, ...encoded };
}
