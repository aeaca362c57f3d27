import { describe, expect, it } from "vitest";
import { isTakedownError } from "@takedown/errors";
import { parseConfigFile } from "./load-config.js";
import { mergeOrganKeys, organKeyFileSchema } from "./organ-registry.js";

const hash = `scrypt$16384$8$1$${"a".repeat(22)}$${"b".repeat(43)}`;

function messageOf(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    if (isTakedownError(error)) return error.message;
    throw error;
  }
  throw new Error("expected an error");
}

describe("organs.yaml", () => {
  it("defaults the rate limit and the key list", () => {
    const registry = parseConfigFile(
      "organs.yaml",
      "organs:\n  - { id: moj-a, names: { ja: A, en: A }, kind: legal_affairs_bureau }",
    );
    expect(registry.organs[0]).toMatchObject({
      apiKeys: [],
      rateLimit: { requestsPerMinute: 600, burst: 60 },
    });
  });

  it("refuses a plain key where a hash belongs, naming the field", () => {
    const text = [
      "organs:",
      "  - id: moj-a",
      "    names: { ja: A, en: A }",
      "    kind: other",
      "    apiKeys: [{ id: abcdefgh, hash: tdk_abcdefgh_secret }]",
    ].join("\n");
    expect(messageOf(() => parseConfigFile("organs.yaml", text, "cfg/organs.yaml"))).toContain(
      "cfg/organs.yaml: organs[0].apiKeys[0].hash: an scrypt hash",
    );
  });

  it("refuses a key id used by two organs", () => {
    const text = [
      "organs:",
      `  - { id: a, names: { ja: A, en: A }, kind: other, apiKeys: [{ id: abcdefgh, hash: "${hash}" }] }`,
      `  - { id: b, names: { ja: B, en: B }, kind: other, apiKeys: [{ id: abcdefgh, hash: "${hash}" }] }`,
    ].join("\n");
    expect(messageOf(() => parseConfigFile("organs.yaml", text))).toContain(
      "organs[1].apiKeys[0].id: key id abcdefgh is already used by organ a",
    );
  });
});

describe("mergeOrganKeys", () => {
  const registry = parseConfigFile(
    "organs.yaml",
    "organs:\n  - { id: moj-a, names: { ja: A, en: A }, kind: other }",
  );

  it("adds local keys to their organ", () => {
    const file = organKeyFileSchema.parse({ keys: [{ organ: "moj-a", id: "k1234567", hash }] });
    const merged = mergeOrganKeys(registry, file);
    expect(merged.issues).toEqual([]);
    expect(merged.registry.organs[0]?.apiKeys).toEqual([{ id: "k1234567", hash, disabled: false }]);
    expect(registry.organs[0]?.apiKeys).toEqual([]);
  });

  it("reports a key for an unknown organ", () => {
    const file = organKeyFileSchema.parse({ keys: [{ organ: "nobody", id: "k1234567", hash }] });
    expect(mergeOrganKeys(registry, file).issues).toEqual([
      { field: "keys[0].organ", reason: "no organ nobody in organs.yaml" },
    ]);
  });
});
