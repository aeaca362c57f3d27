import { describe, expect, it } from "vitest";
import { isTakedownError } from "@takedown/errors";
import { eventDefinitionOf } from "../catalog/event-catalog.js";
import { sampleEvents } from "../fixtures/sample-events.js";
import { HEADER, dataSchemaUriOf } from "./cloudevent-headers.js";
import { createEvent } from "./create-event.js";
import { encodeEvent, encodeEventHeaders } from "./encode-event.js";

function codeOf(run: () => unknown): string | undefined {
  try {
    run();
  } catch (error) {
    return isTakedownError(error) ? error.code : "not a TakedownError";
  }
  return undefined;
}

describe("encodeEvent", () => {
  it("writes the CloudEvents binary-mode headers and keys by content key", () => {
    const event = sampleEvents["target.submitted"];
    const record = encodeEvent(event);
    expect(record.key).toBe(event.data.contentKey);
    expect(record.headers).toEqual({
      [HEADER.specversion]: "1.0",
      [HEADER.id]: event.id,
      [HEADER.source]: event.source,
      [HEADER.type]: "jp.takedown.target.submitted.v2",
      [HEADER.time]: event.time,
      [HEADER.subject]: event.data.targetId,
      [HEADER.dataschema]: dataSchemaUriOf("jp.takedown.target.submitted.v2"),
      [HEADER.contentType]: "application/json",
      [HEADER.traceparent]: event.traceparent,
    });
    expect(JSON.parse(record.value.toString("utf8"))).toEqual(event.data);
  });

  it("leaves the audit log unkeyed and keys the DLQ by the original key", () => {
    expect(encodeEvent(sampleEvents["audit.entry"]).key).toBeNull();
    const rejected = sampleEvents["record.rejected"];
    const original = Buffer.from(rejected.data.original.keyBase64 ?? "", "base64").toString();
    expect(encodeEvent(rejected).key).toBe(original);
  });

  it("never writes fields the schema does not know", () => {
    const event = sampleEvents["case.escalated"];
    const sneaky = { ...event, data: { ...event.data, internalNote: "do not publish" } };
    const record = encodeEvent(sneaky);
    expect(record.value.toString()).not.toContain("internalNote");
  });

  it("throws CONTRACT_INVALID_EVENT_DATA for invalid data or a case id of another content", () => {
    const event = sampleEvents["response.submitted"];
    const invalid = { ...event, data: { ...event.data, action: "ignored" as "removed" } };
    expect(codeOf(() => encodeEvent(invalid))).toBe("CONTRACT_INVALID_EVENT_DATA");
    const otherCase = { ...event, data: { ...event.data, contentKey: "a".repeat(64) } };
    expect(codeOf(() => encodeEvent(otherCase))).toBe("CONTRACT_INVALID_EVENT_DATA");
  });

  it("throws CONTRACT_INVALID_ENVELOPE for a bad time or empty source", () => {
    const event = sampleEvents["notice.withdrawn"];
    expect(codeOf(() => encodeEvent({ ...event, time: "now" }))).toBe("CONTRACT_INVALID_ENVELOPE");
    expect(codeOf(() => encodeEvent({ ...event, source: "" }))).toBe("CONTRACT_INVALID_ENVELOPE");
  });
});

describe("encodeEventHeaders", () => {
  it("gives encodeEvent's headers for every event type, without checking the data", () => {
    for (const event of Object.values(sampleEvents))
      expect(encodeEventHeaders(event)).toEqual(encodeEvent(event).headers);
    const invalid = { ...sampleEvents["audit.entry"], data: { index: -1 } } as never;
    expect(codeOf(() => encodeEvent(invalid))).toBe("CONTRACT_INVALID_EVENT_DATA");
    expect(encodeEventHeaders(invalid)[HEADER.type]).toBe("jp.takedown.audit.entry.v1");
  });

  it("still refuses a bad envelope", () => {
    const event = sampleEvents["audit.entry"];
    expect(codeOf(() => encodeEventHeaders({ ...event, time: "yesterday" }))).toBe(
      "CONTRACT_INVALID_ENVELOPE",
    );
    expect(codeOf(() => encodeEventHeaders({ ...event, id: "" }))).toBe(
      "CONTRACT_INVALID_ENVELOPE",
    );
  });
});

describe("createEvent", () => {
  it("fills id, time, subject and a valid traceparent", () => {
    const data = sampleEvents["case.merged"].data;
    const before = Date.now();
    const event = createEvent("case.merged", data, { source: "/takedown/dedup" });
    expect(event.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(Date.parse(event.time)).toBeGreaterThanOrEqual(before - 1);
    expect(event.subject).toBe(eventDefinitionOf("case.merged").subjectOf(data));
    expect(event.traceparent).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);
    expect(createEvent("case.merged", data, { source: "s" }).id).not.toBe(event.id);
  });

  it("keeps what the caller sets", () => {
    const time = new Date("2025-01-01T00:00:00Z");
    const event = createEvent("case.merged", sampleEvents["case.merged"].data, {
      source: "/takedown/dedup",
      id: "fixed",
      time,
      subject: "s",
      traceparent: "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00",
    });
    expect([event.id, event.time, event.subject]).toEqual(["fixed", time.toISOString(), "s"]);
  });
});
