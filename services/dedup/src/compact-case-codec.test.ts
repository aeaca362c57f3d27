import { describe, expect, it } from "vitest";
import { caseIdFor } from "@takedown/contracts";
import type { CaseRecord } from "./case-record.js";
import { CompactCaseCodec } from "./compact-case-codec.js";
import { OrganTable } from "./organ-table.js";

const contentKey = "a".repeat(64);
const record: CaseRecord = {
  caseId: caseIdFor(contentKey, "01J9Z8X7QK3M4N5P6R7S8T9V0W"),
  state: "notified",
  members: [
    { targetId: "req_01J9Z8W1AB2CD3EF4GH5JK6MN7#1", organId: "moj-tokyo", withdrawn: false },
    { targetId: "req_01J9Z9A1AB2CD3EF4GH5JK6MN8#100", organId: "moj-osaka", withdrawn: true },
  ],
  earlierTargetIds: ["req_01J9Z7A1AB2CD3EF4GH5JK6MN8#64"],
};

describe("compact case records", () => {
  it("round-trip every field", () => {
    const codec = new CompactCaseCodec(new OrganTable());
    expect(codec.decode(codec.encode(record), contentKey)).toEqual(record);
  });

  it("take 17 bytes plus 19 per target, as one-byte characters", () => {
    const compact = new CompactCaseCodec(new OrganTable()).encode(record);
    expect(compact).toHaveLength(17 + 3 * 19);
    expect([...compact].every((c) => c.charCodeAt(0) <= 0xff)).toBe(true);
  });

  it("refuses target ids it cannot pack", () => {
    const codec = new CompactCaseCodec(new OrganTable());
    const bad = { ...record, members: [{ targetId: "t1", organId: "x", withdrawn: false }] };
    expect(() => codec.encode(bad)).toThrow(/target id/);
  });
});
