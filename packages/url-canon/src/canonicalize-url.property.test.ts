import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { canonicalizeUrl } from "./canonicalize-url.js";
import { contentKeyOf } from "./content-key.js";
import {
  ALNUM,
  anyContentItem,
  canonicalOf,
  chars,
  contentItems,
  DIGITS,
  LOWER,
} from "./content-items.test-support.js";
import { defaultPlatformRules } from "./default-platform-rules.js";

const NUM_RUNS = 400;

/** Flips the case of some letters, as people retype hosts and schemes. */
function randomCase(text: string): fc.Arbitrary<string> {
  return fc
    .array(fc.boolean(), { minLength: text.length, maxLength: text.length })
    .map((flips) =>
      [...text].map((char, index) => (flips[index] === true ? char.toUpperCase() : char)).join(""),
    );
}

const percentEscape = fc
  .tuple(fc.integer({ min: 0, max: 255 }), fc.boolean())
  .map(([byte, lower]) => {
    const hex = byte.toString(16).padStart(2, "0");
    return `%${lower ? hex : hex.toUpperCase()}`;
  });

// Everything a pasted URL may hold in a path segment, including characters WHATWG re-encodes.
const pathUnit = fc.oneof(
  fc.constantFrom(...`${ALNUM}-._~!$&'()*+,;=:@`),
  percentEscape,
  fc.constantFrom("あ", "記事", "é", "😀", " ", '"', "<", "`", "{", "\\", "|", "^"),
);
const pathSegment = fc.oneof(
  { weight: 8, arbitrary: fc.string({ unit: pathUnit, maxLength: 8 }) },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      "",
      ".",
      "..",
      "%2e",
      "%2E%2e",
      "status",
      "watch",
      "p",
      "reel",
      "test",
      "read.cgi",
    ),
  },
);
const path = fc.array(pathSegment, { maxLength: 6 }).map((segments) => `/${segments.join("/")}`);

const paramName = fc.oneof(
  fc.constantFrom(
    "utm_source",
    "UTM_Campaign",
    "fbclid",
    "gclid",
    "igshid",
    "igsh",
    "si",
    "s",
    "t",
    "v",
    "list",
    "id",
  ),
  fc.constantFrom(
    "story_fbid",
    "fbid",
    "q",
    "page",
    "ref",
    "ref_src",
    "_ga",
    "mc_cid",
    "feature",
    "a+b",
    "%61",
    "x%3Dy",
  ),
  fc.string({
    unit: fc.oneof(fc.constantFrom(...`${ALNUM}_-.~`), percentEscape),
    minLength: 1,
    maxLength: 6,
  }),
);
const paramValue = fc.string({
  unit: fc.oneof(pathUnit, fc.constantFrom("=", "?", "/")),
  maxLength: 8,
});
const query = fc
  .array(fc.tuple(paramName, fc.option(paramValue, { nil: undefined })), { maxLength: 6 })
  .map((params) =>
    params.length === 0
      ? ""
      : `?${params.map(([k, v]) => (v === undefined ? k : `${k}=${v}`)).join("&")}`,
  );
const fragment = fc.oneof(
  fc.constant(""),
  fc.string({ unit: pathUnit, maxLength: 8 }).map((text) => `#${text}`),
  path.map((hashbangPath) => `#!${hashbangPath}`),
  fc
    .tuple(
      fc.constantFrom("answer-", "ANSWER-", "comment", "comment-", "p", "res", "post_"),
      fc.string({ unit: pathUnit, minLength: 1, maxLength: 6 }),
    )
    .map(([word, id]) => `#${word}${id}`),
);

const platformHosts = defaultPlatformRules.flatMap((rule) => rule.hosts);
const host = fc.oneof(
  fc
    .constantFrom(...platformHosts)
    .chain((pattern) =>
      pattern.startsWith("*.")
        ? chars(LOWER, 1, 6).map((label) => `${label}${pattern.slice(1)}`)
        : fc.constant(pattern),
    ),
  fc
    .array(chars(`${LOWER}${DIGITS}`, 1, 8), { minLength: 1, maxLength: 3 })
    .map((labels) => `${labels.join(".")}.example`),
  fc.constantFrom(
    "例え.jp",
    "ドメイン.テスト",
    "ＥＸＡＭＰＬＥ.com",
    "127.0.0.1",
    "[::1]",
    "0x7f.1",
  ),
);
const hostWithNoise = fc
  .tuple(host, fc.boolean())
  .chain(([name, trailingDot]) =>
    randomCase(trailingDot && !name.startsWith("[") ? `${name}.` : name),
  );
const port = fc.oneof(
  fc.constant(""),
  fc.constantFrom(":80", ":443", ":8080"),
  fc.integer({ min: 1, max: 65535 }).map((n) => `:${n}`),
);
const scheme = fc.constantFrom("http", "https", "HTTP", "HtTpS");

const generatedUrl = fc
  .tuple(scheme, hostWithNoise, port, path, query, fragment)
  .map(([s, h, p, pa, q, f]) => `${s}://${h}${p}${pa}${q}${f}`);

describe("canonicalizing twice changes nothing", () => {
  it("holds over generated http(s) URLs with tracking parameters, case, ports and fragments", () => {
    fc.assert(
      fc.property(generatedUrl, (input) => {
        const first = canonicalizeUrl(input);
        if (!first.ok) return;
        expect(canonicalizeUrl(first.canonicalUrl)).toEqual(first);
        expect(first.contentKey).toBe(contentKeyOf(first.canonicalUrl));
        expect(first.canonicalUrl).toMatch(/^https?:\/\/[^/?#@]+\//);
      }),
      { numRuns: NUM_RUNS * 5 },
    );
  });

  it("holds for arbitrary text after an http(s) scheme", () => {
    fc.assert(
      fc.property(scheme, fc.string({ unit: "binary", maxLength: 60 }), (s, rest) => {
        const first = canonicalizeUrl(`${s}://${rest}`);
        if (!first.ok) return;
        expect(canonicalizeUrl(first.canonicalUrl)).toMatchObject({
          ok: true,
          canonicalUrl: first.canonicalUrl,
        });
      }),
      { numRuns: NUM_RUNS * 5 },
    );
  });
});

describe("every alias form of one item maps to one canonical URL", () => {
  it.each(Object.entries(contentItems))("%s", (_platform, items) => {
    fc.assert(
      fc.property(items, (item) => {
        for (const alias of item.aliases) expect(canonicalOf(alias), alias).toBe(item.canonicalUrl);
      }),
      { numRuns: NUM_RUNS },
    );
  });
});

describe("unrelated URLs never collide", () => {
  it("distinct content ids give distinct canonical URLs and content keys, within and across platforms", () => {
    fc.assert(
      fc.property(
        anyContentItem,
        anyContentItem,
        fc.nat(),
        fc.nat(),
        (left, right, leftAlias, rightAlias) => {
          fc.pre(left.identity !== right.identity);
          const leftResult = canonicalizeUrl(left.aliases[leftAlias % left.aliases.length] ?? "");
          const rightResult = canonicalizeUrl(
            right.aliases[rightAlias % right.aliases.length] ?? "",
          );
          expect(leftResult.ok && rightResult.ok).toBe(true);
          if (leftResult.ok && rightResult.ok) {
            expect(leftResult.canonicalUrl).not.toBe(rightResult.canonicalUrl);
            expect(leftResult.contentKey).not.toBe(rightResult.contentKey);
          }
        },
      ),
      { numRuns: NUM_RUNS * 5 },
    );
  });

  it("content-bearing query parameters on unknown sites stay apart", () => {
    fc.assert(
      fc.property(chars(`${ALNUM}`, 1, 10), chars(`${ALNUM}`, 1, 10), (left, right) => {
        fc.pre(left !== right);
        expect(canonicalOf(`https://bbs.example.jp/read.php?thread=${left}&utm_source=x`)).not.toBe(
          canonicalOf(`https://bbs.example.jp/read.php?thread=${right}`),
        );
      }),
      { numRuns: NUM_RUNS },
    );
  });
});
