import { describe, expect, it } from "vitest";
import { z } from "zod";
import { isTakedownError } from "@takedown/errors";
import { contentKeySchema, timestampSchema } from "../domain/identifiers.js";
import { HEADER } from "../envelope/cloudevent-headers.js";
import { createEventDecoder } from "../envelope/decode-event.js";
import { encodeEvent } from "../envelope/encode-event.js";
import { sampleEvents } from "../fixtures/sample-events.js";
import { latestEventDefinitions } from "./event-catalog.js";
import { defineEvent } from "./event-definition.js";
import { createEventRegistry } from "./event-registry.js";
import { targetWithdrawnV1 } from "../events/target-withdrawn.v1.js";
import { defineUpcaster } from "./upcaster.js";

/** Test-only: how target.withdrawn might have looked before v1 (flat names, no organ). */
const targetWithdrawnV0 = defineEvent({
  type: "target.withdrawn",
  major: 0,
  description: "test-only v0",
  keying: "content-key",
  schema: z.object({
    target: z.string(),
    url: z.string(),
    key: contentKeySchema,
    organ: z.string().optional(),
    at: timestampSchema,
  }),
  keyOf: (data) => data.key,
  subjectOf: (data) => data.target,
});

const v0ToV1 = defineUpcaster(targetWithdrawnV0, targetWithdrawnV1, (old) => ({
  requestId: old.target.split("#")[0] ?? "",
  targetId: old.target,
  organId: old.organ ?? "unknown-organ",
  canonicalUrl: old.url,
  contentKey: old.key,
  withdrawnAt: old.at,
}));

const current = sampleEvents["target.withdrawn"];
const v0Data = {
  target: current.data.targetId,
  url: current.data.canonicalUrl,
  key: current.data.contentKey,
  at: current.data.withdrawnAt,
};
const v1Record = encodeEvent(current);
const v0Record = {
  key: v1Record.key,
  value: Buffer.from(JSON.stringify(v0Data)),
  headers: { ...v1Record.headers, [HEADER.type]: "jp.takedown.target.withdrawn.v0" },
};

function codeOf(run: () => unknown): string | undefined {
  try {
    run();
  } catch (error) {
    return isTakedownError(error) ? error.code : String(error);
  }
  return undefined;
}

describe("upcasting at read time", () => {
  const decode = createEventDecoder(
    createEventRegistry({
      definitions: [...latestEventDefinitions, targetWithdrawnV0],
      upcasters: [v0ToV1],
    }),
  );

  it("reads a v0 record as today's v1 event without touching the stored bytes", () => {
    const stored = Buffer.from(v0Record.value);
    const result = decode(v0Record);
    if (!result.ok) throw new Error(result.rejection.message);
    expect(result.writtenMajor).toBe(0);
    expect(result.event.type).toBe("target.withdrawn");
    expect(result.event.data).toEqual({ ...(v0ToV1.upcast(v0Data) as object) });
    expect(result.event.data).toMatchObject({
      targetId: current.data.targetId,
      organId: "unknown-organ",
    });
    expect(result.rawData).toEqual(v0Data);
    expect(v0Record.value.equals(stored)).toBe(true);
  });

  it("still reads v1 records directly", () => {
    const result = decode(v1Record);
    expect(result.ok && result.writtenMajor).toBe(1);
  });

  it("validates the upcast result against the latest schema", () => {
    const bad = {
      ...v0Record,
      value: Buffer.from(JSON.stringify({ ...v0Data, target: "not-a-target" })),
    };
    const result = decode(bad);
    expect(!result.ok && result.rejection.reason).toBe("INVALID_DATA");
    expect(!result.ok && result.rejection.message).toContain(
      "upcast to jp.takedown.target.withdrawn.v1",
    );
  });

  it("treats v0 as an unknown major version where no v0 is registered", () => {
    const plain = createEventDecoder(
      createEventRegistry({ definitions: latestEventDefinitions, upcasters: [] }),
    );
    const result = plain(v0Record);
    expect(!result.ok && result.rejection.reason).toBe("UNKNOWN_MAJOR_VERSION");
  });

  it("refuses a registry with an older major and no path to the latest", () => {
    const missing = () =>
      createEventRegistry({
        definitions: [...latestEventDefinitions, targetWithdrawnV0],
        upcasters: [],
      });
    expect(codeOf(missing)).toBe("CONTRACT_UPCASTER_MISSING");
    const twice = () =>
      createEventRegistry({
        definitions: [...latestEventDefinitions, targetWithdrawnV0],
        upcasters: [v0ToV1, v0ToV1],
      });
    expect(codeOf(twice)).toBe("CONTRACT_UPCASTER_CONFLICT");
  });

  it("refuses an upcaster that does not go forward within one type", () => {
    expect(() => defineUpcaster(targetWithdrawnV1, targetWithdrawnV0, () => ({}) as never)).toThrow(
      TypeError,
    );
  });
});
