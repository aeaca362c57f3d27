import { describe, expect, it } from "vitest";
import { eventTypes } from "../catalog/event-catalog.js";
import type { TakedownEvent } from "../catalog/takedown-event.js";
import { encodeEvent } from "../envelope/encode-event.js";
import { defaultEventRegistry } from "../catalog/event-registry.js";
import { legacySampleData } from "../fixtures/legacy-sample-events.js";
import { sampleEvents } from "../fixtures/sample-events.js";
import { PERSONAL_DATA_KEY } from "./personal-data.js";
import { redactPersonalData, withoutPersonal } from "./redact-personal-data.js";
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
  it("finds no personal value in any current (v2) sample event: there is none to redact", () => {
    for (const type of eventTypes)
      expect(personalValues(sampleEvents[type].data), type).toEqual([]);
  });

  it("drops every personal value of v1 data and leaves valid data of the same version", () => {
    let redactedSomething = false;
    for (const [ceType, data] of Object.entries(legacySampleData)) {
      const secrets = personalValues(data);
      const text = JSON.stringify(withoutPersonal(data));
      for (const secret of secrets) expect(text, ceType).not.toContain(secret);
      redactedSomething ||= secrets.length > 0;
      const resolved = defaultEventRegistry.resolve(ceType);
      if (resolved.kind !== "known") throw new Error(`${ceType} not readable`);
      expect(resolved.written.schema.safeParse(withoutPersonal(data)).success, ceType).toBe(true);
    }
    expect(redactedSomething).toBe(true);
  });

  it("leaves a valid event of the same type for every current event", () => {
    for (const type of eventTypes) {
      const event = sampleEvents[type];
      const redacted = redactPersonalData(event);
      expect(() => encodeEvent(redacted), type).not.toThrow();
      expect({ ...redacted, data: undefined }).toEqual({ ...event, data: undefined });
    }
  });

  it("does not change the original and keeps the non-personal data", () => {
    const event = sampleEvents["notice.revised"];
    const before = JSON.stringify(event);
    const redacted: TakedownEvent<"notice.revised"> = redactPersonalData(event);
    expect(JSON.stringify(event)).toBe(before);
    expect(redacted.data.requests.map((r) => r.dossier)).toEqual(
      event.data.requests.map((r) => r.dossier),
    );
    expect(redacted.data.requests.every((r) => !("personal" in r))).toBe(true);
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
