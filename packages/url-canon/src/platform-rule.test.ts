import { isTakedownError } from "@takedown/errors";
import { describe, expect, it } from "vitest";
import { compileRules } from "./canonicalization-rules.js";
import { canonicalizeUrl } from "./canonicalize-url.js";
import { defaultPlatformRules } from "./default-platform-rules.js";
import { extendRules } from "./extend-rules.js";
import { parsePlatformRules } from "./platform-rule.js";

function errorOf(action: () => unknown): unknown {
  try {
    action();
  } catch (error) {
    return error;
  }
  throw new Error("expected a throw");
}

const regionalBoardFromConfig: unknown = [
  {
    id: "machi-bbs",
    platformHint: "machi",
    hosts: ["machi.to", "*.machi.to"],
    canonicalHost: "machi.to",
    pathRewrites: [
      {
        pattern: String.raw`/bbs/read\.cgi/([a-z]+)/(\d+)(?:/.*)?`,
        to: "/bbs/read.cgi/{1}/{2}/",
        query: { keep: [] },
      },
    ],
  },
];

describe("parsePlatformRules", () => {
  it("accepts a rule read from config and canonicalizes with it", () => {
    const rules = compileRules(
      extendRules(defaultPlatformRules, parsePlatformRules(regionalBoardFromConfig)),
    );
    expect(
      canonicalizeUrl(
        "https://hokkaido.machi.to/bbs/read.cgi/hokkaidou/1700000000/5-10?x=1",
        rules,
      ),
    ).toMatchObject({
      ok: true,
      canonicalUrl: "https://machi.to/bbs/read.cgi/hokkaidou/1700000000/",
      platformHint: "machi",
      ruleId: "machi-bbs",
    });
    // The defaults still apply next to the extra rule.
    expect(canonicalizeUrl("https://youtu.be/dQw4w9WgXcQ", rules)).toMatchObject({
      platformHint: "youtube",
    });
  });

  it.each([
    [
      "an invalid regular expression",
      { pattern: "/(unclosed", to: "/" },
      "0.pathRewrites.0.pattern",
    ],
    ["a template group the pattern lacks", { pattern: "/(a)", to: "/{2}" }, "0.pathRewrites.0.to"],
    ["a template without a leading slash", { pattern: "/(a)", to: "{1}" }, "0.pathRewrites.0.to"],
    [
      "an item anchor that is no regular expression",
      { pattern: "/(a)", to: "/{1}", itemAnchor: "answer-(" },
      "0.pathRewrites.0.itemAnchor",
    ],
    [
      "a rename to a name that would split the query",
      { pattern: "/(a)", to: "/{1}", query: { rename: { c: "a&b" } } },
      "0.pathRewrites.0.query.rename.c",
    ],
  ])("refuses %s and names the field", (_name, rewrite, field) => {
    const error = errorOf(() =>
      parsePlatformRules([
        { id: "bad", platformHint: "p", hosts: ["a.example"], pathRewrites: [rewrite] },
      ]),
    );
    expect(isTakedownError(error) && error.code).toBe("CANON_INVALID_RULES");
    expect((error as Error).message).toContain(field);
  });

  it.each([
    ["an uppercase host", { id: "a", platformHint: "p", hosts: ["A.example"] }],
    ["a wildcard in the middle", { id: "a", platformHint: "p", hosts: ["a.*.example"] }],
    ["no hosts", { id: "a", platformHint: "p", hosts: [] }],
    ["an unknown field", { id: "a", platformHint: "p", hosts: ["a.example"], hostz: [] }],
    [
      "an unknown trailing slash policy",
      { id: "a", platformHint: "p", hosts: ["a.example"], trailingSlash: "maybe" },
    ],
  ])("refuses %s", (_name, rule) => {
    const error = errorOf(() => parsePlatformRules([rule]));
    expect(isTakedownError(error) && error.code).toBe("CANON_INVALID_RULES");
  });
});

describe("item anchors and renamed parameters from config", () => {
  const rules = compileRules(
    parsePlatformRules([
      {
        id: "forum",
        platformHint: "forum",
        hosts: ["forum.example"],
        // This forum names posts by a bare number, which the generic anchors do not read.
        itemAnchor: String.raw`\d+`,
        query: { rename: { postid: "p" } },
        pathRewrites: [{ pattern: "/about", to: "/about" }],
      },
    ]),
  );

  it("keep a fragment the rule reads as an item and drop the others", () => {
    expect(canonicalizeUrl("https://forum.example/t/1#15", rules)).toMatchObject({
      canonicalUrl: "https://forum.example/t/1#15",
    });
    expect(canonicalizeUrl("https://forum.example/t/1#comment-15", rules)).toMatchObject({
      canonicalUrl: "https://forum.example/t/1",
    });
  });

  it("give one parameter spelled two ways one name, once", () => {
    for (const input of [
      "https://forum.example/t?postid=7",
      "https://forum.example/t?p=7&postid=7",
      "https://forum.example/t?postid=7&p=7",
    ]) {
      expect(canonicalizeUrl(input, rules)).toMatchObject({
        canonicalUrl: "https://forum.example/t?p=7",
      });
    }
    expect(canonicalizeUrl("https://forum.example/t?postid=7&p=8", rules)).toMatchObject({
      canonicalUrl: "https://forum.example/t?p=7&p=8",
    });
  });
});

describe("alias rules from config", () => {
  it("are finished by the rule of the host they map to, so the result stays idempotent", () => {
    // This alias rule forgets that youtube.com keeps only `v` on /watch; the youtube rule applies it.
    const alias = {
      id: "yt-mirror",
      platformHint: "youtube",
      hosts: ["yt.example"],
      canonicalHost: "www.youtube.com",
    };
    const rules = compileRules(extendRules(defaultPlatformRules, [alias]));
    const result = canonicalizeUrl(
      "https://yt.example/watch?v=dQw4w9WgXcQ&list=PL1&feature=share",
      rules,
    );
    expect(result).toMatchObject({
      canonicalUrl: "https://www.youtube.com/watch?v=dQw4w9WgXcQ",
      ruleId: "youtube",
    });
    if (result.ok) expect(canonicalizeUrl(result.canonicalUrl, rules)).toEqual(result);
  });
});

describe("extendRules", () => {
  it("replaces a base rule with the same id and appends new ones", () => {
    const replacement = { id: "x", platformHint: "x-corp", hosts: ["x.com"] };
    const extra = { id: "extra", platformHint: "e", hosts: ["e.example"] };
    const merged = extendRules(defaultPlatformRules, [replacement, extra]);
    expect(merged).toHaveLength(defaultPlatformRules.length + 1);
    expect(merged.find((rule) => rule.id === "x")).toBe(replacement);
    expect(merged.at(-1)).toBe(extra);
    const rules = compileRules(merged);
    expect(canonicalizeUrl("https://x.com/u/status/1", rules)).toMatchObject({
      platformHint: "x-corp",
      canonicalUrl: "https://x.com/u/status/1",
    });
    // twitter.com was only claimed by the replaced rule.
    expect(canonicalizeUrl("https://twitter.com/u/status/1", rules)).not.toHaveProperty("ruleId");
  });
});

describe("compileRules", () => {
  it("refuses two rules claiming one host pattern", () => {
    const error = errorOf(() =>
      compileRules([
        ...defaultPlatformRules,
        { id: "copy", platformHint: "p", hosts: ["youtu.be"] },
      ]),
    );
    expect(isTakedownError(error) && error.code).toBe("CANON_RULE_CONFLICT");
    expect((error as Error).message).toContain("youtube-short");
  });

  it("prefers an exact host over a wildcard, and the longest wildcard suffix", () => {
    const rules = compileRules([
      { id: "wide", platformHint: "wide", hosts: ["*.example"] },
      { id: "narrow", platformHint: "narrow", hosts: ["*.b.example"] },
      { id: "exact", platformHint: "exact", hosts: ["a.b.example"] },
    ]);
    expect(canonicalizeUrl("https://a.b.example/", rules)).toMatchObject({ ruleId: "exact" });
    expect(canonicalizeUrl("https://c.b.example/", rules)).toMatchObject({ ruleId: "narrow" });
    expect(canonicalizeUrl("https://c.example/", rules)).toMatchObject({ ruleId: "wide" });
    // A wildcard does not cover the apex.
    expect(canonicalizeUrl("https://example/", rules)).not.toHaveProperty("ruleId");
  });
});
