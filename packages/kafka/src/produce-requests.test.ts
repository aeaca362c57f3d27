import { describe, expect, it } from "vitest";
import type { OutputRecord } from "./output-record.js";
import { recordBytes, splitIntoRequests } from "./produce-requests.js";

const record = (key: string, bytes: number): OutputRecord => ({
  topic: "t",
  key,
  value: "x".repeat(bytes),
});

describe("splitIntoRequests", () => {
  it("keeps every request under the budget and every record in order", () => {
    const records = Array.from({ length: 1000 }, (_, i) => record(`k${i}`, 2000));
    const sizes = records.map(recordBytes);
    const requests = splitIntoRequests(records, sizes, 512 * 1024);
    for (const request of requests)
      expect(request.reduce((sum, r) => sum + recordBytes(r), 0)).toBeLessThanOrEqual(512 * 1024);
    expect(requests.flat().map((r) => r.key)).toEqual(records.map((r) => r.key));
    expect(requests.length).toBe(Math.ceil(1000 / Math.floor((512 * 1024) / sizes[0]!)));
  });

  it("gives a record over the budget a request of its own", () => {
    const records = [record("a", 10), record("big", 100), record("b", 10)];
    const requests = splitIntoRequests(records, records.map(recordBytes), 100);
    expect(requests.map((r) => r.map((x) => x.key))).toEqual([["a"], ["big"], ["b"]]);
  });

  it("weighs keys, values and headers in bytes, not characters", () => {
    const weight = recordBytes({ topic: "t", key: "鍵", value: "値", headers: { h: "説" } });
    expect(weight).toBe(64 + 3 + 3 + 1 + 3);
  });
});
