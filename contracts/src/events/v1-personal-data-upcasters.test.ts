import { describe, expect, it } from "vitest";
import { defaultEventRegistry } from "../catalog/event-registry.js";
import { HEADER } from "../envelope/cloudevent-headers.js";
import { decodeEvent } from "../envelope/decode-event.js";
import { encodeEvent } from "../envelope/encode-event.js";
import { legacySampleData, sampleDossier } from "../fixtures/legacy-sample-events.js";
import { sampleEvents } from "../fixtures/sample-events.js";

const personalStrings = [
  sampleDossier.description,
  sampleDossier.legalBasisText ?? "",
  sampleDossier.contact?.email ?? "",
  sampleDossier.victim?.name ?? "",
  ...Object.values(sampleDossier.notes),
];

describe("v1 → v2 upcasters (personal data leaves the events)", () => {
  it("reads every v1 record that carried personal data as v2 without any of it", () => {
    expect(Object.keys(legacySampleData)).toHaveLength(5);
    for (const [ceType, data] of Object.entries(legacySampleData)) {
      const type = ceType.replace(/^jp\.takedown\.(.+)\.v1$/, "$1") as "case.opened";
      const v2 = encodeEvent(sampleEvents[type]);
      const result = decodeEvent({
        key: v2.key,
        value: Buffer.from(JSON.stringify(data)),
        headers: { ...v2.headers, [HEADER.type]: ceType },
      });
      if (!result.ok) throw new Error(`${ceType}: ${result.rejection.message}`);
      expect(result.writtenMajor, ceType).toBe(1);
      const text = JSON.stringify(result.event.data);
      for (const secret of personalStrings) expect(text, ceType).not.toContain(secret);
      // The raw bytes as carried stay available to the audit log, which must never re-emit them.
      expect(JSON.stringify(result.rawData)).toContain(sampleDossier.description);
    }
  });

  it("keeps everything that is not personal data and names no dossier it never had", () => {
    const resolved = defaultEventRegistry.resolve("jp.takedown.case.merged.v1");
    if (resolved.kind !== "known") throw new Error("not readable");
    const [upcaster] = resolved.upcasters;
    const upcast = upcaster?.upcast(legacySampleData["jp.takedown.case.merged.v1"]) as {
      member: Record<string, unknown>;
      memberCount: number;
    };
    const expected: Record<string, unknown> = { ...sampleEvents["case.merged"].data.member };
    delete expected["dossier"];
    delete expected["actorId"];
    expect(upcast.member).toEqual(expected);
    expect(upcast.memberCount).toBe(sampleEvents["case.merged"].data.memberCount);
  });
});
