import { isTakedownError } from "@takedown/errors";
import { describe, expect, it } from "vitest";
import { canonicalizeUrlOrThrow } from "./canonicalize-url-or-throw.js";
import {
  canonicalizeUrl,
  MAX_URL_LENGTH,
  type CanonicalizationRefusal,
} from "./canonicalize-url.js";
import { contentKeyOf } from "./content-key.js";

function canonical(input: string): string {
  const result = canonicalizeUrl(input);
  if (!result.ok) throw new Error(`refused ${input}: ${result.reason}`);
  return result.canonicalUrl;
}

describe("canonicalizeUrl on hosts without a platform rule", () => {
  it.each([
    ["lowercases scheme and host", "HTTPS://Example.COM/Path", "https://example.com/Path"],
    ["turns an IDN into punycode", "https://例え.jp/", "https://xn--r8jz45g.jp/"],
    [
      "maps full-width host characters (UTS 46)",
      "https://ＥＸＡＭＰＬＥ．ｃｏｍ/",
      "https://example.com/",
    ],
    ["drops a default https port", "https://example.com:443/a", "https://example.com/a"],
    ["drops a default http port", "http://example.com:80/a", "http://example.com/a"],
    ["keeps a non-default port", "https://example.com:8443/a", "https://example.com:8443/a"],
    ["removes the trailing dot of the host", "https://example.com./a", "https://example.com/a"],
    ["drops an anchor fragment", "https://example.com/a#section-2", "https://example.com/a"],
    [
      "keeps a hashbang fragment, which addresses content",
      "https://example.com/#!/thread/9",
      "https://example.com/#!/thread/9",
    ],
    [
      "uppercases percent-encoding hex",
      "https://example.com/%e8%a8%98?q=%e3%81%82",
      "https://example.com/%E8%A8%98?q=%E3%81%82",
    ],
    [
      "encodes raw Japanese paths like their escaped form",
      "https://example.com/記事",
      "https://example.com/%E8%A8%98%E4%BA%8B",
    ],
    [
      "decodes escaped unreserved characters",
      "https://example.com/%41%7e%2D?%61=%5F",
      "https://example.com/A~-?a=_",
    ],
    [
      "keeps escaped reserved characters",
      "https://example.com/a%2Fb?x=%26",
      "https://example.com/a%2Fb?x=%26",
    ],
    ["resolves dot segments", "https://example.com/a/./b/../c", "https://example.com/a/c"],
    [
      "keeps duplicate slashes, which some sites route on",
      "https://example.com/a//b",
      "https://example.com/a//b",
    ],
    ["keeps the trailing slash as given", "https://example.com/a/", "https://example.com/a/"],
    ["keeps http distinct from https", "http://example.com/a", "http://example.com/a"],
    [
      "sorts the query by key then value",
      "https://example.com/?b=2&a=2&a=1&c",
      "https://example.com/?a=1&a=2&b=2&c",
    ],
    ["removes an empty query", "https://example.com/a?", "https://example.com/a"],
    ["removes empty query pieces", "https://example.com/a?&&x=1&", "https://example.com/a?x=1"],
    [
      "drops tracking parameters",
      "https://example.com/a?utm_source=tw&UTM_Medium=x&fbclid=1&gclid=2&dclid=3&msclkid=4&igshid=5&igsh=6&mc_cid=7&mc_eid=8&_ga=9&yclid=10&ref_src=11&ref_url=12&id=42",
      "https://example.com/a?id=42",
    ],
    [
      "keeps short generic parameters that may carry content",
      "https://example.com/a?s=1&t=2&si=3&ref=4",
      "https://example.com/a?ref=4&s=1&si=3&t=2",
    ],
    ["keeps IPv6 literals", "http://[::1]:8080/x", "http://[::1]:8080/x"],
  ])("%s", (_name, input, expected) => {
    expect(canonical(input)).toBe(expected);
  });

  it("returns the host and the SHA-256 content key of the canonical URL, with no platform hint", () => {
    const result = canonicalizeUrl("https://Example.com/a?utm_source=x");
    expect(result).toEqual({
      ok: true,
      canonicalUrl: "https://example.com/a",
      contentKey: contentKeyOf("https://example.com/a"),
      host: "example.com",
    });
  });
});

describe("hashbang fragments on a rule that reads them as the path", () => {
  it("reads a slash-prefixed hashbang as a path, never as another host", () => {
    for (const input of [
      "https://twitter.com/#!//evil.example/u/status/1",
      "https://twitter.com/#!/\\evil.example/u/status/1",
    ]) {
      const result = canonicalizeUrl(input);
      expect(result).toMatchObject({ ok: true, host: "x.com" });
      expect(result.ok && result.canonicalUrl).toBe("https://x.com/evil.example/u/status/1");
    }
  });

  it("merges the hashbang query with the real one", () => {
    expect(canonicalizeUrl("https://twitter.com/?lang=ja#!/search?q=abc")).toMatchObject({
      canonicalUrl: "https://x.com/search?lang=ja&q=abc",
    });
  });
});

describe("refusals", () => {
  it.each<[CanonicalizationRefusal, string]>([
    ["INVALID_URL", "not a url"],
    ["INVALID_URL", "example.com/no-scheme"],
    ["INVALID_URL", "https://exa mple.com/"],
    ["INVALID_URL", ""],
    ["UNSUPPORTED_SCHEME", "ftp://example.com/file"],
    ["UNSUPPORTED_SCHEME", "javascript:alert(1)"],
    ["UNSUPPORTED_SCHEME", "data:text/html,hi"],
    ["UNSUPPORTED_SCHEME", "file:///etc/passwd"],
    ["CREDENTIALS_IN_URL", "https://user:secret@example.com/"],
    ["CREDENTIALS_IN_URL", "https://user@example.com/"],
    ["CREDENTIALS_IN_URL", "https://:secret@example.com/"],
    ["EMPTY_HOST", "http://./"],
    ["EMPTY_HOST", "https://../a"],
    ["TOO_LONG", `https://example.com/${"a".repeat(MAX_URL_LENGTH)}`],
  ])("%s for %s", (reason, input) => {
    const result = canonicalizeUrl(input);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.reason).toBe(reason);
      expect(result.message.length).toBeGreaterThan(0);
    }
  });

  it("refuses a URL that only becomes too long once canonicalized (punycode grows)", () => {
    const input = `https://例え.jp/${"a".repeat(MAX_URL_LENGTH - 20)}`;
    expect(input.length).toBeLessThanOrEqual(MAX_URL_LENGTH);
    expect(canonicalizeUrl(input)).toMatchObject({ ok: false, reason: "TOO_LONG" });
  });

  it("hints at a missing scheme", () => {
    const result = canonicalizeUrl("www.example.com/a");
    expect(result.ok || result.message).toContain("scheme");
  });
});

describe("canonicalizeUrlOrThrow", () => {
  it("returns the canonical URL for good input", () => {
    expect(canonicalizeUrlOrThrow("https://youtu.be/dQw4w9WgXcQ").canonicalUrl).toBe(
      "https://www.youtube.com/watch?v=dQw4w9WgXcQ",
    );
  });

  it("throws a non-retryable TakedownError coded CANON_<reason>", () => {
    let thrown: unknown;
    try {
      canonicalizeUrlOrThrow("https://user:pw@example.com/");
    } catch (error) {
      thrown = error;
    }
    expect(isTakedownError(thrown)).toBe(true);
    if (isTakedownError(thrown)) {
      expect(thrown.code).toBe("CANON_CREDENTIALS_IN_URL");
      expect(thrown.retryable).toBe(false);
      expect(thrown.message).not.toContain("pw");
    }
  });
});
