import { createEvent } from "@takedown/contracts";
import { describe, expect, it } from "vitest";
import { RequestProjection } from "./request-projection.js";

const requestId = "req_01JD0000000000000000000000";

function submitted(index: number) {
  const targetId = `${requestId}#${index}`;
  return createEvent(
    "target.submitted",
    {
      requestId,
      targetId,
      organId: "moj-a",
      url: `https://example.com/p/${index}`,
      classification: "rights_infringement",
      category: "defamation",
      legalBasis: "pla_art3_2_1",
      requestedAction: "remove",
      description: "d",
      evidence: [],
      language: "ja",
      submittedAt: "2026-11-28T00:00:00.000Z",
      canonicalUrl: `https://example.com/p/${index}`,
      contentKey: "a".repeat(64),
    },
    { source: "/takedown/intake", id: `${targetId}/submitted` },
  );
}

describe("RequestProjection", () => {
  it("applies its own committed events at once and skips each one's echo exactly once", () => {
    const projection = new RequestProjection();
    const event = submitted(1);
    projection.applyOwn(event);
    expect(projection.find(requestId, "moj-a")?.targets).toHaveLength(1);
    expect(projection.find(requestId, "moj-b")).toBeUndefined();
    expect(projection.takeOwnEcho(event.id)).toBe(true);
    expect(projection.takeOwnEcho(event.id)).toBe(false);
    expect(projection.takeOwnEcho(submitted(2).id)).toBe(false);
  });

  it("forgets the oldest own events past its bound, so an unread topic cannot grow it", () => {
    const projection = new RequestProjection({ maxOwnEvents: 2 });
    const events = [1, 2, 3].map(submitted);
    for (const event of events) projection.applyOwn(event);
    expect(events.map((e) => projection.takeOwnEcho(e.id))).toEqual([false, true, true]);
    expect(projection.find(requestId, "moj-a")?.targets.filter(Boolean)).toHaveLength(3);
  });
});
