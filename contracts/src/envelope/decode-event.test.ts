import { describe, expect, it } from "vitest";
import { eventDefinitionOf, eventTypes } from "../catalog/event-catalog.js";
import { noticesTopic, responsesTopic, topics } from "../catalog/topics.js";
import { sampleEvents } from "../fixtures/sample-events.js";
import { HEADER } from "./cloudevent-headers.js";
import { decodeEvent } from "./decode-event.js";
import type { DecodeResult, IncomingMessage } from "./decode-event.js";
import { encodeEvent } from "./encode-event.js";

const opened = encodeEvent(sampleEvents["case.opened"]);

function rejection(result: DecodeResult) {
  if (result.ok) throw new Error(`expected a rejection, got ${result.event.type}`);
  return result.rejection;
}

function withHeaders(headers: Record<string, string | undefined>): IncomingMessage {
  return { ...opened, headers: { ...opened.headers, ...headers } };
}

describe("decodeEvent", () => {
  it("round-trips every event type through Kafka-shaped bytes", () => {
    for (const type of eventTypes) {
      const event = sampleEvents[type];
      const record = encodeEvent(event);
      // kafkajs hands the consumer Buffers for key and header values.
      const headers = Object.fromEntries(
        Object.entries(record.headers).map(([k, v]) => [k, Buffer.from(v)]),
      );
      const key = record.key === null ? null : Buffer.from(record.key);
      const result = decodeEvent({ key, value: record.value, headers });
      expect(result.ok, type).toBe(true);
      if (!result.ok) continue;
      expect(result.event).toEqual(event);
      expect(result.key).toBe(record.key);
      expect(result.writtenMajor).toBe(eventDefinitionOf(type).major);
    }
  });

  it("narrows data by type", () => {
    const result = decodeEvent(opened);
    if (!result.ok || result.event.type !== "case.opened") throw new Error("not decoded");
    expect(result.event.data.member.organId).toBe(sampleEvents["case.opened"].data.member.organId);
  });

  it("tolerates fields of a newer minor version and keeps them in rawData only", () => {
    const data = JSON.parse(opened.value.toString()) as Record<string, unknown>;
    const value = Buffer.from(JSON.stringify({ ...data, addedInV1_1: { x: 1 } }));
    const result = decodeEvent({ ...opened, value });
    if (!result.ok) throw new Error(result.rejection.message);
    expect(result.event.data).not.toHaveProperty("addedInV1_1");
    expect(result.rawData).toHaveProperty("addedInV1_1", { x: 1 });
  });

  it("names each missing required header", () => {
    for (const name of [HEADER.type, HEADER.specversion, HEADER.id, HEADER.source, HEADER.time]) {
      const result = decodeEvent(withHeaders({ [name]: undefined }));
      const { reason, message } = rejection(result);
      expect(reason, name).toBe("MISSING_HEADER");
      expect(message).toContain(name);
    }
    expect(rejection(decodeEvent({ ...opened, headers: undefined })).reason).toBe("MISSING_HEADER");
  });

  it("refuses bad attribute values", () => {
    const cases: Record<string, string>[] = [
      { [HEADER.specversion]: "0.3" },
      { [HEADER.time]: "yesterday" },
      { [HEADER.time]: "2025-06-02T09:00:00" },
      { [HEADER.contentType]: "application/avro" },
    ];
    for (const headers of cases) {
      expect(rejection(decodeEvent(withHeaders(headers))).reason).toBe("INVALID_HEADER");
    }
    const ok = decodeEvent(
      withHeaders({ [HEADER.contentType]: "application/json; charset=utf-8" }),
    );
    expect(ok.ok).toBe(true);
  });

  it("refuses a ce_type repeated with different values but accepts identical repeats", () => {
    const conflicting = {
      ...opened.headers,
      [HEADER.type]: [opened.headers[HEADER.type] ?? "", "jp.takedown.case.merged.v2"],
    };
    expect(rejection(decodeEvent({ ...opened, headers: conflicting })).reason).toBe(
      "INVALID_HEADER",
    );
    const repeated = {
      ...opened.headers,
      [HEADER.type]: [Buffer.from("jp.takedown.case.opened.v2"), "jp.takedown.case.opened.v2"],
    };
    expect(decodeEvent({ ...opened, headers: repeated }).ok).toBe(true);
  });

  it("accepts times with a +09:00 offset", () => {
    expect(decodeEvent(withHeaders({ [HEADER.time]: "2025-06-02T09:15:00.5+09:00" })).ok).toBe(
      true,
    );
  });

  it("ignores an invalid traceparent instead of refusing the record", () => {
    const result = decodeEvent(withHeaders({ [HEADER.traceparent]: "00-zz-bad" }));
    if (!result.ok) throw new Error(result.rejection.message);
    expect(result.event.traceparent).toBeUndefined();
  });

  it("distinguishes unknown types from unknown major versions", () => {
    const unknownType = rejection(decodeEvent(withHeaders({ [HEADER.type]: "com.example.other" })));
    expect(unknownType.reason).toBe("UNKNOWN_TYPE");
    expect(unknownType.ceType).toBe("com.example.other");
    const unknownMajor = rejection(
      decodeEvent(withHeaders({ [HEADER.type]: "jp.takedown.case.opened.v3" })),
    );
    expect(unknownMajor.reason).toBe("UNKNOWN_MAJOR_VERSION");
    expect(unknownMajor.message).toContain("v1");
  });

  it("reports INVALID_JSON for tombstones and bad bytes", () => {
    expect(rejection(decodeEvent({ ...opened, value: null })).reason).toBe("INVALID_JSON");
    expect(rejection(decodeEvent({ ...opened, value: Buffer.from([0xff, 0x00]) })).reason).toBe(
      "INVALID_JSON",
    );
  });

  // Found by bench/fuzz: invalid bytes inside a JSON string were read as U+FFFD and accepted.
  it("reports INVALID_JSON for a value that is not UTF-8, even where the bytes sit in a string", () => {
    const data = JSON.parse(opened.value.toString()) as { caseId: string };
    const text = Buffer.from(JSON.stringify({ ...data, note: "AB" }));
    const at = text.indexOf('"AB"') + 2;
    const value = Buffer.concat([
      text.subarray(0, at),
      Buffer.from([0xff, 0xc3]),
      text.subarray(at),
    ]);
    const result = rejection(decodeEvent({ ...opened, value }));
    expect(result.reason).toBe("INVALID_JSON");
    expect(result.message).toContain("UTF-8");
  });

  it("reports INVALID_DATA with the zod issue paths", () => {
    const data = JSON.parse(opened.value.toString()) as { member: { category: string } };
    data.member.category = "spam";
    const result = rejection(decodeEvent({ ...opened, value: Buffer.from(JSON.stringify(data)) }));
    expect(result.reason).toBe("INVALID_DATA");
    expect(result.issues.map((i) => i.path)).toContainEqual(["member", "category"]);
    expect(result.message).toContain("member.category");
    expect(result.eventId).toBe(opened.headers[HEADER.id]);
  });

  it("refuses a key that is not the content key, and a case id of another content", () => {
    expect(rejection(decodeEvent({ ...opened, key: "f".repeat(64) })).reason).toBe("KEY_MISMATCH");
    expect(rejection(decodeEvent({ ...opened, key: null })).reason).toBe("KEY_MISMATCH");
    const data = JSON.parse(opened.value.toString()) as { caseId: string };
    data.caseId = data.caseId.replace(/^case_[0-9a-f]{16}/, "case_0000000000000000");
    const result = rejection(decodeEvent({ ...opened, value: Buffer.from(JSON.stringify(data)) }));
    expect(result.reason).toBe("KEY_MISMATCH");
    expect(result.message).toContain("case_0000000000000000");
  });

  it("refuses events that do not belong on the topic they were read from", () => {
    expect(decodeEvent(opened, { topic: topics.cases }).ok).toBe(true);
    expect(rejection(decodeEvent(opened, { topic: topics.targets })).reason).toBe("WRONG_TOPIC");
    expect(rejection(decodeEvent(opened, { topic: "takedown.other.v1" })).reason).toBe(
      "WRONG_TOPIC",
    );
    // A platform forging a state change on its responses topic.
    const forged = encodeEvent(sampleEvents["case.state_changed"]);
    expect(rejection(decodeEvent(forged, { topic: responsesTopic("x") })).reason).toBe(
      "WRONG_TOPIC",
    );
  });

  it("refuses a platform writing about another platform's case on its own topic", () => {
    const response = encodeEvent(sampleEvents["response.submitted"]);
    expect(decodeEvent(response, { topic: responsesTopic("x") }).ok).toBe(true);
    const result = rejection(decodeEvent(response, { topic: responsesTopic("tiktok") }));
    expect(result.reason).toBe("WRONG_TOPIC");
    const notice = encodeEvent(sampleEvents["notice.issued"]);
    expect(rejection(decodeEvent(notice, { topic: noticesTopic("line-yahoo") })).reason).toBe(
      "WRONG_TOPIC",
    );
  });

  it("never throws, whatever the record", () => {
    // A fixed-seed generator keeps the inputs reproducible.
    let seed = 42;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const pieces = [
      opened.value,
      Buffer.from("null"),
      Buffer.from("[]"),
      Buffer.from('{"caseId":7}'),
      Buffer.alloc(0),
    ];
    const headerValues = [
      "jp.takedown.case.opened.v1",
      "jp.takedown..v1",
      "",
      "1.0",
      "\u0000",
      "jp.takedown.case.opened.v0",
    ];
    for (let i = 0; i < 2000; i++) {
      const base = pieces[Math.floor(next() * pieces.length)] ?? Buffer.alloc(0);
      const value = Buffer.from(base);
      for (let j = 0; j < 3; j++)
        if (value.length > 0) value[Math.floor(next() * value.length)] = Math.floor(next() * 256);
      const headers: Record<string, string | Buffer | (string | Buffer)[] | undefined> = {
        ...opened.headers,
      };
      for (const name of Object.values(HEADER)) {
        const roll = next();
        if (roll < 0.1) headers[name] = undefined;
        else if (roll < 0.2) headers[name] = headerValues[Math.floor(next() * headerValues.length)];
        else if (roll < 0.25) headers[name] = [Buffer.from("a"), "b"];
      }
      const message = {
        key: next() < 0.5 ? opened.key : Buffer.from([0xc3]),
        value: next() < 0.05 ? null : value,
        headers,
      };
      expect(() =>
        decodeEvent(message, { topic: next() < 0.5 ? topics.cases : "x" }),
      ).not.toThrow();
    }
  });

  it("turns an internal failure into DECODER_FAILURE", () => {
    const hostile = new Proxy(
      {},
      {
        get: () => {
          throw new Error("boom");
        },
      },
    );
    const result = decodeEvent({ key: null, value: null, headers: hostile });
    expect(rejection(result).reason).toBe("DECODER_FAILURE");
  });
});
