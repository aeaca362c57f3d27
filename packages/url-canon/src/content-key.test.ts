import { describe, expect, it } from "vitest";
import { contentKeyOf } from "./content-key.js";

describe("contentKeyOf", () => {
  it("is the lowercase hex SHA-256 of the UTF-8 canonical URL", () => {
    // printf 'https://x.com/i/status/1' | sha256sum
    expect(contentKeyOf("https://x.com/i/status/1")).toBe(
      "4b3a263ac2f065310f599816409b2ecd11e364e332cbb72c64309c9f05cd8ff9",
    );
  });
});

describe("contentKeyOf on non-ASCII input", () => {
  it("hashes UTF-8 bytes, not UTF-16 code units", () => {
    // printf 'é' | sha256sum
    expect(contentKeyOf("é")).toMatch(/^[0-9a-f]{64}$/);
    expect(contentKeyOf("é")).toBe(
      "4a99557e4033c3539de2eb65472017cad5f9557f7a0625a09f1c3f6e2ba69c4c",
    );
  });
});
