import { describe, expect, it } from "vitest";
import { caseIdFor } from "@takedown/contracts";
import { decodeChangelogValue, encodeChangelogValue } from "./changelog-value.js";

const contentKey = "b".repeat(64);
const record = {
  caseId: caseIdFor(contentKey, "01J9Z8X7QK3M4N5P6R7S8T9V0W"),
  state: "open" as const,
  members: [
    { targetId: "req_01J9Z8W1AB2CD3EF4GH5JK6MN7#1", organId: "moj-tokyo", withdrawn: false },
    { targetId: "req_01J9Z8W1AB2CD3EF4GH5JK6MN7#2", organId: "moj-tokyo", withdrawn: true },
  ],
  earlierTargetIds: ["req_01J9Z7A1AB2CD3EF4GH5JK6MN8#64"],
};

describe("changelog values", () => {
  it("round-trip as readable JSON", () => {
    const value = encodeChangelogValue(record);
    expect(JSON.parse(value.toString("utf8"))).toMatchObject({ v: 1, caseId: record.caseId });
    expect(decodeChangelogValue(contentKey, value)).toEqual(record);
  });

  it("refuse a case id of another content key, bad JSON and unknown layouts", () => {
    const value = encodeChangelogValue(record);
    expect(() => decodeChangelogValue("c".repeat(64), value)).toThrow(/not a case of/);
    expect(() => decodeChangelogValue(contentKey, Buffer.from("{"))).toThrow(/changelog/);
    const v2 = Buffer.from(JSON.stringify({ ...JSON.parse(value.toString()), v: 2 }));
    expect(() => decodeChangelogValue(contentKey, v2)).toThrow(/changelog/);
  });
});
