import { describe, expect, it } from "vitest";
import { decodeEvent } from "@takedown/contracts";
import type { KafkaMessage } from "kafkajs";
import { deadLetterRecord } from "./dead-letter-record.js";

const message = (value: string): KafkaMessage => ({
  key: Buffer.from("content-key"),
  value: Buffer.from(value),
  headers: { ce_type: Buffer.from("jp.takedown.case.opened.v1") },
  offset: "41",
  timestamp: "1767225600000",
  attributes: 0,
});

function rejectionOf(record: ReturnType<typeof deadLetterRecord>) {
  const decoded = decodeEvent({
    key: record.key,
    value: record.value as Buffer,
    headers: record.headers,
  });
  if (!decoded.ok || decoded.event.type !== "record.rejected")
    throw new Error("not a record.rejected");
  return decoded;
}

describe("deadLetterRecord", () => {
  it("carries the original bytes, position and reason, with an id derived from the position", () => {
    const record = deadLetterRecord({
      dlqTopic: "takedown.dlq.v1",
      source: "/takedown/routing",
      rejectedBy: "routing",
      read: { topic: "takedown.cases.v1", partition: 2, message: message("{}") },
      reason: { code: "WRONG_TOPIC", message: "notice.issued on the cases topic" },
      now: new Date("2026-01-01T00:00:00Z"),
    });
    expect(record.topic).toBe("takedown.dlq.v1");
    const { event, key } = rejectionOf(record);
    expect(key).toBe("content-key");
    expect(event.id).toBe("routing:takedown.cases.v1/2/41");
    expect(event.data).toMatchObject({
      original: { topic: "takedown.cases.v1", partition: 2, offset: "41", valueBase64: "e30=" },
      reason: { code: "WRONG_TOPIC" },
      rejectedBy: "routing",
      rejectedAt: "2026-01-01T00:00:00.000Z",
    });
  });

  it("can leave a large value out and says where to read it", () => {
    const record = deadLetterRecord({
      dlqTopic: "dlq",
      source: "/takedown/test",
      rejectedBy: "test",
      read: { topic: "in", partition: 0, message: message("x".repeat(900_000)) },
      reason: { code: "OUTPUT_TOO_LARGE", message: "too large" },
      omitValue: true,
    });
    expect((record.value as Buffer).length).toBeLessThan(10_000);
    const { event } = rejectionOf(record);
    if (event.type !== "record.rejected") throw new Error("unexpected");
    expect(event.data.original.valueBase64).toBeNull();
    expect(event.data.reason.message).toBe(
      "too large (original value of 900000 bytes left out; read it at in/0/41)",
    );
  });
});
