import { describe, expect, it } from "vitest";
import { decodeEvent } from "@takedown/contracts";
import type { KafkaMessage } from "kafkajs";
import { deadLetterRecord } from "./dead-letter-record.js";
import { DEFAULT_MAX_REQUEST_BYTES, recordBytes } from "./produce-requests.js";

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

  // Found by bench/fuzz: a platform's record with a 700 KB header or key made a DLQ record past
  // the broker's limit even without its value; writing it failed for ever and stalled the partition.
  it("always fits: a huge header or key is left out with the value, and the reason says so", () => {
    const huge = "9".repeat(700_000);
    const originals: KafkaMessage[] = [
      Object.assign(message("{}"), { headers: { ce_time: Buffer.from(huge) } }),
      Object.assign(message("{}"), { key: Buffer.from(huge) }),
    ];
    for (const original of originals) {
      const record = deadLetterRecord({
        dlqTopic: "dlq",
        source: "/takedown/test",
        rejectedBy: "test",
        read: { topic: "in", partition: 3, message: original },
        reason: { code: "INVALID_HEADER", message: "ce_time is not RFC 3339" },
      });
      expect(recordBytes(record)).toBeLessThanOrEqual(DEFAULT_MAX_REQUEST_BYTES);
      const { event } = rejectionOf(record);
      if (event.type !== "record.rejected") throw new Error("unexpected");
      expect(event.data.reason.code).toBe("INVALID_HEADER");
      expect(event.data.original).toMatchObject({
        keyBase64: null,
        valueBase64: null,
        headers: [],
      });
      expect(event.data.reason.message).toMatch(
        /^ce_time is not RFC 3339 \(original key of \d+ bytes, value of 2 bytes and 1 headers left out; read it at in\/3\/41\)$/,
      );
    }
  });

  it("keeps the whole original when it fits, and only leaves out what it must", () => {
    const record = deadLetterRecord({
      dlqTopic: "dlq",
      source: "/takedown/test",
      rejectedBy: "test",
      read: { topic: "in", partition: 0, message: message("v".repeat(450_000)) },
      reason: { code: "INVALID_JSON", message: "value is not JSON" },
    });
    const { event } = rejectionOf(record);
    if (event.type !== "record.rejected") throw new Error("unexpected");
    expect(event.data.original.valueBase64).toBeNull();
    expect(event.data.original.keyBase64).toBe(Buffer.from("content-key").toString("base64"));
    expect(event.data.original.headers).toHaveLength(1);
  });
});
