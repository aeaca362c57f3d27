import { describe, expect, it } from "vitest";
import { eventTypes } from "../catalog/event-catalog.js";
import type { TakedownEvent } from "../catalog/takedown-event.js";
import { encodeEvent } from "../envelope/encode-event.js";
import { sampleEvents } from "../fixtures/sample-events.js";
import { PERSONAL_DATA_KEY } from "./personal-data.js";
import { redactPersonalData } from "./redact-personal-data.js";
import { dsaDecisionGroundOf, responseReasonCodeSchema } from "./response-reason.js";

function personalValues(value: unknown, found: string[] = [], inside = false): string[] {
  if (typeof value === "string" && inside) found.push(value);
  if (Array.isArray(value)) value.forEach((v) => personalValues(v, found, inside));
  else if (value !== null && typeof value === "object") {
    for (const [k, v] of Object.entries(value))
      personalValues(v, found, inside || k === PERSONAL_DATA_KEY);
  }
  return found;
}

describe("redactPersonalData", () => {
  it("drops every personal value and leaves a valid event of the same type", () => {
    let redactedSomething = false;
    for (const type of eventTypes) {
      const event = sampleEvents[type];
      const secrets = personalValues(event.data);
      const redacted = redactPersonalData(event);
      const text = JSON.stringify(redacted);
      for (const secret of secrets) expect(text, type).not.toContain(secret);
      redactedSomething ||= secrets.length > 0;
      expect(() => encodeEvent(redacted), type).not.toThrow();
      expect({ ...redacted, data: undefined }).toEqual({ ...event, data: undefined });
    }
    expect(redactedSomething).toBe(true);
  });

  it("does not change the original and keeps the non-personal data", () => {
    const event = sampleEvents["notice.revised"];
    const before = JSON.stringify(event);
    const redacted: TakedownEvent<"notice.revised"> = redactPersonalData(event);
    expect(JSON.stringify(event)).toBe(before);
    expect(redacted.data.requests.map((r) => r.description)).toEqual(
      event.data.requests.map((r) => r.description),
    );
    expect(redacted.data.requests.every((r) => r.personal === undefined)).toBe(true);
  });
});

describe("dsaDecisionGroundOf", () => {
  it("maps only restriction grounds to DSA decision grounds", () => {
    expect(dsaDecisionGroundOf("illegal_content")).toBe("DECISION_GROUND_ILLEGAL_CONTENT");
    expect(dsaDecisionGroundOf("terms_violation")).toBe("DECISION_GROUND_INCOMPATIBLE_CONTENT");
    const grounded = responseReasonCodeSchema.options.filter(
      (c) => dsaDecisionGroundOf(c) !== null,
    );
    expect(grounded).toEqual(["illegal_content", "terms_violation"]);
  });
});
