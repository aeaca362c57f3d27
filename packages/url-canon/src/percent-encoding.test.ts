import { describe, expect, it } from "vitest";
import { normalizePercentEncoding } from "./percent-encoding.js";

describe("normalizePercentEncoding", () => {
  it.each([
    ["/plain", "/plain"],
    ["/%7e%41%2d%2e%5f", "/~A-._"],
    ["/%e3%81%82", "/%E3%81%82"],
    ["/%2f%3a%3f%23%25", "/%2F%3A%3F%23%25"],
    ["/100%", "/100%"],
    ["/%zz%4", "/%zz%4"],
    ["/%2541", "/%2541"],
  ])("%s → %s", (input, expected) => {
    expect(normalizePercentEncoding(input)).toBe(expected);
  });

  it("returns the same string when nothing changes", () => {
    const input = "/no/escapes";
    expect(normalizePercentEncoding(input)).toBe(input);
  });
});
