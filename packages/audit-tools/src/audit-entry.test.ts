import { encodeEvent, topics } from "@takedown/contracts";
import { sampleEvents } from "@takedown/contracts/fixtures";
import { describe, expect, it } from "vitest";
import { buildAuditEntry, REJECTION_ATTRIBUTE } from "./audit-entry.js";
import { entryFacts } from "./entry-facts.js";

describe("audit entries of the needs_info answer", () => {
  it.each([
    ["target.info_provided", topics.targets],
    ["case.info_provided", topics.cases],
  ] as const)("carries %s decoded, with ids only, from %s", (type, topic) => {
    const encoded = encodeEvent(sampleEvents[type]);
    const { entry } = buildAuditEntry({
      message: { key: encoded.key, value: encoded.value, headers: encoded.headers },
      position: { topic, partition: 0, offset: "7" },
      index: 7n,
      recordedAt: new Date("2025-06-04T02:00:00Z"),
    });
    expect(entry.attributes[REJECTION_ATTRIBUTE]).toBeUndefined();
    expect(entry.data).toMatchObject({
      messageEvidenceId: sampleEvents[type].data.messageEvidenceId,
      actorId: "stf_7Qx2Lm9Pa4",
    });
    expect(entryFacts(entry)).toMatchObject({
      eventType: type,
      caseId: sampleEvents[type].data.caseId,
      organIds: ["moj-tokyo"],
    });
  });
});
