import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  canonicalOf,
  chars,
  DIGITS,
  fiveChPostNumber,
  fiveChThreadIds,
} from "./content-items.test-support.js";

const NUM_RUNS = 400;

describe("a post or comment never merges with its page or with another item of the page", () => {
  it("5ch: a thread, two of its posts and views of it give three cases, whatever the alias", () => {
    fc.assert(
      fc.property(
        fiveChThreadIds,
        fiveChPostNumber,
        fiveChPostNumber,
        fc.nat(),
        fc.nat(),
        ([server, board, thread], left, right, leftForm, rightForm) => {
          fc.pre(left !== right);
          const base = `https://${server}.5ch.net/test/read.cgi/${board}/${thread}`;
          const forms = (post: number) => [
            `/${post}`,
            `/${post}n`,
            `/0${post}/`,
            `/${post}-${post}`,
          ];
          const threadUrl = canonicalOf(`${base}/l50`);
          const leftUrl = canonicalOf(`${base}${forms(left)[leftForm % 4] ?? ""}`);
          const rightUrl = canonicalOf(`${base}${forms(right)[rightForm % 4] ?? ""}`);
          expect(new Set([threadUrl, leftUrl, rightUrl]).size).toBe(3);
          expect(canonicalOf(`${base}/${Math.min(left, right)}-${Math.max(left, right)}`)).toBe(
            threadUrl,
          );
        },
      ),
      { numRuns: NUM_RUNS },
    );
  });

  type PageAndItems = readonly [
    platform: string,
    page: (page: string) => string,
    item: (page: string, item: string) => string,
  ];
  it.each<PageAndItems>([
    [
      "YouTube",
      (page) => `https://www.youtube.com/watch?v=${page}`,
      (page, item) => `https://youtu.be/${page}?lc=${item}`,
    ],
    [
      "Facebook",
      (page) => `https://www.facebook.com/photo.php?fbid=${page}`,
      (page, item) => `https://www.facebook.com/photo/?fbid=${page}&comment_id=${item}`,
    ],
    [
      "Instagram",
      (page) => `https://www.instagram.com/p/${page}/`,
      (page, item) => `https://www.instagram.com/p/${page}/c/${item}/`,
    ],
    [
      "TikTok",
      (page) => `https://www.tiktok.com/@a/video/${page}`,
      (page, item) => `https://www.tiktok.com/@a/video/${page}?share_comment_id=${item}`,
    ],
    [
      "爆サイ.com",
      (page) => `https://bakusai.com/thr_res/acode=1/ctgid=2/bid=3/tid=${page}/`,
      (page, item) =>
        `https://bakusai.com/thr_res_show/acode=1/ctgid=2/bid=3/tid=${page}/rrid=${item}/`,
    ],
    [
      "知恵袋",
      (page) => `https://detail.chiebukuro.yahoo.co.jp/qa/question_detail/q${page}`,
      (page, item) =>
        `https://detail.chiebukuro.yahoo.co.jp/qa/question_detail/q${page}#answer-${item}`,
    ],
    [
      "a site without a rule",
      (page) => `https://bbs.example.jp/t/${page}`,
      (page, item) => `https://bbs.example.jp/t/${page}#comment-${item}`,
    ],
  ])("%s: the page and two of its items give three cases", (_platform, pageUrl, itemUrl) => {
    fc.assert(
      fc.property(
        chars(DIGITS, 11, 11),
        chars(DIGITS, 1, 12),
        chars(DIGITS, 1, 12),
        (page, left, right) => {
          // Leading zeros are one post number on the boards.
          fc.pre(Number(left) !== Number(right));
          const urls = [pageUrl(page), itemUrl(page, left), itemUrl(page, right)].map(canonicalOf);
          expect(new Set(urls).size, urls.join(" ")).toBe(3);
        },
      ),
      { numRuns: NUM_RUNS },
    );
  });
});
