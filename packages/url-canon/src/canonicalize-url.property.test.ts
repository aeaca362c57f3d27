import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { canonicalizeUrl } from "./canonicalize-url.js";
import { contentKeyOf } from "./content-key.js";
import { defaultPlatformRules } from "./default-platform-rules.js";

const NUM_RUNS = 400;

function chars(alphabet: string, minLength: number, maxLength: number): fc.Arbitrary<string> {
  return fc.string({ unit: fc.constantFrom(...alphabet), minLength, maxLength });
}

const LOWER = "abcdefghijklmnopqrstuvwxyz";
const DIGITS = "0123456789";
const ALNUM = `${LOWER}${LOWER.toUpperCase()}${DIGITS}`;

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

function canonicalOf(input: string): string {
  const result = canonicalizeUrl(input);
  if (!result.ok) throw new Error(`refused ${input}: ${result.reason}`);
  return result.canonicalUrl;
}

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

/** One piece of content on one platform: its canonical URL and every alias form people paste. */
interface ContentItem {
  readonly identity: string;
  readonly canonicalUrl: string;
  readonly aliases: readonly string[];
}

const xStatusId = fc.bigInt({ min: 1n, max: 2n ** 63n - 1n }).map(String);
const xHandle = chars(`${ALNUM}_`, 1, 15);
const xPost: fc.Arbitrary<ContentItem> = fc
  .tuple(xStatusId, xHandle, xHandle)
  .map(([id, user, laterUser]) => ({
    identity: `x:${id}`,
    canonicalUrl: `https://x.com/i/status/${id}`,
    aliases: [
      `https://twitter.com/${user}/status/${id}`,
      `https://x.com/${laterUser}/status/${id}?s=20&t=AbCdEf`,
      `https://mobile.twitter.com/${user}/status/${id}/photo/1`,
      `http://www.x.com/${user}/statuses/${id}`,
      `https://twitter.com/i/web/status/${id}`,
      `https://twitter.com/#!/${user}/status/${id}`,
      `https://X.COM/i/status/${id}/`,
      `https://mobile.x.com/${user}/status/${id}?ref_src=twsrc%5Etfw#reply`,
    ],
  }));

const youtubeId = chars(`${ALNUM}_-`, 11, 11).filter((id) => id !== "videoseries");
const youtubeVideo: fc.Arbitrary<ContentItem> = youtubeId.map((id) => ({
  identity: `youtube:${id}`,
  canonicalUrl: `https://www.youtube.com/watch?v=${id}`,
  aliases: [
    `https://www.youtube.com/watch?v=${id}`,
    `https://youtube.com/watch?feature=share&v=${id}&list=PL0&t=42s`,
    `https://m.youtube.com/watch?v=${id}&si=abc`,
    `https://music.youtube.com/watch?v=${id}`,
    `https://youtu.be/${id}?si=xyz&t=10`,
    `https://www.youtube.com/shorts/${id}?feature=share`,
    `https://www.youtube.com/embed/${id}?start=3`,
    `https://www.youtube.com/live/${id}`,
    `https://www.youtube-nocookie.com/embed/${id}`,
  ],
}));

const numericId = fc.bigInt({ min: 1n, max: 10n ** 17n }).map(String);
const facebookPost: fc.Arbitrary<ContentItem> = fc
  .tuple(numericId, numericId)
  .map(([story, owner]) => ({
    identity: `facebook:${story}:${owner}`,
    canonicalUrl: `https://www.facebook.com/permalink.php?id=${owner}&story_fbid=${story}`,
    aliases: [
      `https://www.facebook.com/permalink.php?story_fbid=${story}&id=${owner}`,
      `https://m.facebook.com/story.php?story_fbid=${story}&id=${owner}&mibextid=abc`,
      `https://mbasic.facebook.com/story.php?id=${owner}&story_fbid=${story}&__tn__=R`,
      `https://web.facebook.com/permalink.php?story_fbid=${story}&id=${owner}&fbclid=1`,
    ],
  }));

const instagramCode = chars(`${ALNUM}_-`, 5, 12).filter((code) => code !== "audio");
const instagramUser = chars(`${LOWER}${DIGITS}_.`, 1, 30);
const instagramPost: fc.Arbitrary<ContentItem> = fc
  .tuple(instagramCode, instagramUser)
  .map(([code, user]) => ({
    identity: `instagram:${code}`,
    canonicalUrl: `https://www.instagram.com/p/${code}/`,
    aliases: [
      `https://www.instagram.com/p/${code}/`,
      `https://instagram.com/p/${code}?igsh=abc&img_index=1`,
      `https://www.instagram.com/reel/${code}/?utm_source=ig_web_copy_link`,
      `https://www.instagram.com/reels/${code}`,
      `https://www.instagram.com/tv/${code}/`,
      `https://www.instagram.com/${user}/p/${code}/`,
      `https://m.instagram.com/${user}/reel/${code}/`,
    ],
  }));

const tiktokId = fc.bigInt({ min: 1n, max: 2n ** 63n - 1n }).map(String);
const tiktokVideo: fc.Arbitrary<ContentItem> = fc
  .tuple(tiktokId, chars(`${LOWER}${DIGITS}_.`, 1, 24))
  .map(([id, user]) => ({
    identity: `tiktok:${id}`,
    canonicalUrl: `https://www.tiktok.com/@/video/${id}`,
    aliases: [
      `https://www.tiktok.com/@${user}/video/${id}`,
      `https://tiktok.com/@${user}/video/${id}?is_from_webapp=1&sender_device=pc`,
      `https://m.tiktok.com/v/${id}.html?_r=1`,
      `https://www.tiktok.com/embed/v2/${id}`,
      `https://www.tiktok.com/@/video/${id}`,
    ],
  }));

const fiveChThread: fc.Arbitrary<ContentItem> = fc
  .tuple(
    chars(LOWER, 2, 10).filter((server) => server !== "itest"),
    chars(`${LOWER}${DIGITS}_`, 1, 12),
    fc.integer({ min: 1e9, max: 2e9 }),
  )
  .map(([server, board, thread]) => ({
    identity: `5ch:${server}:${board}:${thread}`,
    canonicalUrl: `https://${server}.5ch.net/test/read.cgi/${board}/${thread}/`,
    aliases: [
      `https://${server}.5ch.net/test/read.cgi/${board}/${thread}/`,
      `http://${server}.5ch.net/test/read.cgi/${board}/${thread}`,
      `https://${server}.5ch.net/test/read.cgi/${board}/${thread}/123`,
      `https://${server}.5ch.net/test/read.cgi/${board}/${thread}/l50`,
      `https://${server}.5ch.net/test/read.cgi/${board}/${thread}/-100`,
      `https://${server}.2ch.net/test/read.cgi/${board}/${thread}/1-10`,
      `https://itest.5ch.net/${server}/test/read.cgi/${board}/${thread}/`,
    ],
  }));

const chiebukuroQuestion: fc.Arbitrary<ContentItem> = numericId.map((id) => ({
  identity: `chiebukuro:${id}`,
  canonicalUrl: `https://detail.chiebukuro.yahoo.co.jp/qa/question_detail/q${id}`,
  aliases: [
    `https://detail.chiebukuro.yahoo.co.jp/qa/question_detail/q${id}`,
    `https://chiebukuro.yahoo.co.jp/qa/question_detail/q${id}?__ysp=abc`,
    `https://detail.chiebukuro.yahoo.co.jp/qa/question_detail/q${id}/`,
  ],
}));

const bakusaiThread: fc.Arbitrary<ContentItem> = fc
  .tuple(fc.nat(99), fc.nat(999), fc.nat(9999), fc.nat(99_999_999))
  .map(([area, category, board, thread]) => {
    const ids = `acode=${area}/ctgid=${category}/bid=${board}/tid=${thread}`;
    return {
      identity: `bakusai:${ids}`,
      canonicalUrl: `https://bakusai.com/thr_res/${ids}/`,
      aliases: [
        `https://bakusai.com/thr_res/${ids}/`,
        `https://www.bakusai.com/thr_res/${ids}/tp=2/`,
        `https://bakusai.com/thr_res_show/${ids}/rrid=7/`,
      ],
    };
  });

const unknownSiteArticle: fc.Arbitrary<ContentItem> = chars(`${ALNUM}-`, 1, 20).map((slug) => ({
  identity: `news:${slug}`,
  canonicalUrl: `https://news.example.jp/articles/${slug}`,
  aliases: [
    `https://news.example.jp/articles/${slug}`,
    `HTTPS://NEWS.EXAMPLE.JP:443/articles/${slug}?utm_source=x&fbclid=1#comments`,
    `https://news.example.jp./articles/./${slug}`,
  ],
}));

const contentItems = {
  x: xPost,
  youtube: youtubeVideo,
  facebook: facebookPost,
  instagram: instagramPost,
  tiktok: tiktokVideo,
  "5ch": fiveChThread,
  chiebukuro: chiebukuroQuestion,
  bakusai: bakusaiThread,
  "unknown site": unknownSiteArticle,
};
const anyContentItem = fc.oneof(...Object.values(contentItems));

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
