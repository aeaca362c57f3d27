import { describe, expect, it } from "vitest";
import { parseOverlap } from "./overlap-duration.js";

describe("parseOverlap", () => {
  it("reads 0 and whole numbers of seconds, minutes, hours and days", () => {
    expect(parseOverlap("0")).toBe(0);
    expect(parseOverlap("90s")).toBe(90_000);
    expect(parseOverlap("30m")).toBe(1_800_000);
    expect(parseOverlap("24h")).toBe(86_400_000);
    expect(parseOverlap("7d")).toBe(604_800_000);
  });
  it("refuses anything else", () => {
    for (const bad of ["", "1", "1.5h", "-1h", "1w", "h", "1h30m"])
      expect(parseOverlap(bad)).toBeUndefined();
  });
});
