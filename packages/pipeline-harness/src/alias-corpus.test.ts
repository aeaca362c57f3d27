import { describe, expect, it } from "vitest";
import { canonicalizeUrl } from "@takedown/url-canon";
import { buildAliasCorpus } from "./alias-corpus.js";

describe("buildAliasCorpus", () => {
  it("reaches each piece of content through aliases that canonicalize to it", () => {
    const corpus = buildAliasCorpus({ targets: 2000, duplication: 2.5, seed: "test" });
    expect(corpus.targets).toHaveLength(2000);
    expect(corpus.brokenFamilies).toEqual([]);
    for (const target of corpus.targets) {
      const result = canonicalizeUrl(target.url);
      expect(result.ok && result.canonicalUrl).toBe(target.canonicalUrl);
    }
    const urls = new Set(corpus.targets.map((t) => t.url));
    const canonical = new Set(corpus.targets.map((t) => t.canonicalUrl));
    expect(canonical.size).toBe(corpus.contents);
    // Duplicates arrive under different aliases, not the same string again.
    expect(urls.size).toBeGreaterThan(canonical.size * 2);
    expect(2000 / canonical.size).toBeGreaterThan(2);
    expect(2000 / canonical.size).toBeLessThan(3);
  });

  it("is the same for one seed and different for another", () => {
    const a = buildAliasCorpus({ targets: 50, duplication: 2, seed: "one" });
    expect(buildAliasCorpus({ targets: 50, duplication: 2, seed: "one" })).toEqual(a);
    expect(buildAliasCorpus({ targets: 50, duplication: 2, seed: "two" }).targets).not.toEqual(
      a.targets,
    );
  });

  it("gives every target its own content at duplication 1", () => {
    const corpus = buildAliasCorpus({ targets: 500, duplication: 1, seed: "unique" });
    expect(new Set(corpus.targets.map((t) => t.canonicalUrl)).size).toBe(500);
  });
});
