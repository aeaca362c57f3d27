import { describe, expect, it } from "vitest";
import { readUlidBytes, writeUlidBytes } from "./ulid-binary.js";
import { caseUlidFor } from "./case-ulid.js";

describe("ULIDs as 16 bytes", () => {
  it("round-trips the extremes and a typical id", () => {
    for (const ulid of [
      "00000000000000000000000000",
      "7ZZZZZZZZZZZZZZZZZZZZZZZZZ",
      "01J9Z8X7QK3M4N5P6R7S8T9V0W",
    ]) {
      const bytes = new Uint8Array(16);
      writeUlidBytes(ulid, bytes, 0);
      expect(readUlidBytes(bytes, 0)).toBe(ulid);
    }
  });

  it("keeps the 48-bit time in the first six bytes, as the ULID spec orders them", () => {
    const bytes = new Uint8Array(16);
    writeUlidBytes(caseUlidFor({ timeMs: 0x0102_0304_0506, seed: "s" }), bytes, 0);
    expect([...bytes.subarray(0, 6)]).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it("refuses characters outside Crockford base32 and a first digit above 7", () => {
    const bytes = new Uint8Array(16);
    expect(() => writeUlidBytes("0123456789ABCDEFGHJKMNPQRU", bytes, 0)).toThrow(/ULID/);
    expect(() => writeUlidBytes("80000000000000000000000000", bytes, 0)).toThrow(/ULID/);
    expect(() => writeUlidBytes("0000", bytes, 0)).toThrow(/ULID/);
  });

  it("derives the same case ULID from the same record and different ones otherwise", () => {
    const a = caseUlidFor({ timeMs: 1_750_000_000_000, seed: "k/req#1" });
    expect(caseUlidFor({ timeMs: 1_750_000_000_000, seed: "k/req#1" })).toBe(a);
    expect(caseUlidFor({ timeMs: 1_750_000_000_000, seed: "k/req#2" })).not.toBe(a);
    expect(a).toMatch(/^[0-7][0-9A-HJKMNP-TV-Z]{25}$/);
  });
});
