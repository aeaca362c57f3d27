import { describe, expect, it } from "vitest";
import { canonicalizeUrl } from "./canonicalize-url.js";

/** One item (a post, comment or answer) and the URL forms people paste for it. */
interface Item {
  readonly canonicalUrl: string;
  readonly aliases: readonly string[];
}

/**
 * Items of one page: every alias lands on its item's canonical URL, and no two items (the page
 * itself included) share one, so a request about one never opens, merges or closes another's case.
 */
function expectDistinctItems(platformHint: string | undefined, items: readonly Item[]): void {
  it.each(items.flatMap((item) => item.aliases.map((alias) => [alias, item.canonicalUrl])))(
    "%s",
    (alias, canonicalUrl) => {
      const result = canonicalizeUrl(alias);
      expect(result).toMatchObject({ ok: true, canonicalUrl });
      expect(result.ok ? result.platformHint : "refused").toBe(platformHint);
    },
  );
  it("gives every item of the page its own canonical URL and content key", () => {
    const results = items.flatMap((item) =>
      item.aliases.slice(0, 1).map((alias) => canonicalizeUrl(alias)),
    );
    const keys = results.map((result) => (result.ok ? result.contentKey : result.reason));
    expect(new Set(keys).size).toBe(items.length);
  });
}

const THREAD = "https://egg.5ch.net/test/read.cgi/board/1700000000";

describe("a post or comment inside a page is its own content", () => {
  describe("5ch thread and its posts", () => {
    expectDistinctItems("fivech", [
      {
        // Views of several posts name the thread.
        canonicalUrl: `${THREAD}/`,
        aliases: [
          `${THREAD}/`,
          `${THREAD}/l50`,
          `${THREAD}/l50n`,
          `${THREAD}/-100`,
          `${THREAD}/n`,
          `${THREAD}/1-10`,
          `${THREAD}/1-10n`,
          `${THREAD}/10-20`,
          `${THREAD}/15-16`,
          `${THREAD}/100-`,
          `${THREAD}/0`,
          `${THREAD}/?v=pc`,
        ],
      },
      {
        canonicalUrl: `${THREAD}/15`,
        aliases: [
          `${THREAD}/15`,
          `${THREAD}/15/`,
          `${THREAD}/015`,
          // `n` hides post 1, so `/15n` shows post 15 alone.
          `${THREAD}/15n`,
          `${THREAD}/15-15`,
          `${THREAD}/15?v=pc#r`,
          "http://egg.5ch.net/test/read.cgi/board/1700000000/15",
          "https://egg.2ch.net/test/read.cgi/board/1700000000/15",
          "https://itest.5ch.net/egg/test/read.cgi/board/1700000000/15",
        ],
      },
      { canonicalUrl: `${THREAD}/40`, aliases: [`${THREAD}/40`, `${THREAD}/40n`] },
      { canonicalUrl: `${THREAD}/50`, aliases: [`${THREAD}/50n`] },
      // Post 1 opens the thread but removing it is not removing the thread.
      { canonicalUrl: `${THREAD}/1`, aliases: [`${THREAD}/1`, `${THREAD}/1n`] },
      {
        canonicalUrl: "https://itest.5ch.net/test/read.cgi/board/1700000000/15",
        aliases: ["https://itest.5ch.net/test/read.cgi/board/1700000000/15/"],
      },
      {
        canonicalUrl: "https://mercury.bbspink.com/test/read.cgi/board/1700000000/15",
        aliases: ["https://mercury.bbspink.com/test/read.cgi/board/1700000000/15n"],
      },
    ]);
  });

  describe("爆サイ.com thread and its posts", () => {
    const ids = "acode=3/ctgid=104/bid=1155/tid=1234567";
    expectDistinctItems("bakusai", [
      {
        canonicalUrl: `https://bakusai.com/thr_res/${ids}/`,
        aliases: [`https://bakusai.com/thr_res/${ids}/tp=2/`],
      },
      {
        canonicalUrl: `https://bakusai.com/thr_res_show/${ids}/rrid=12/`,
        aliases: [
          `https://www.bakusai.com/thr_res_show/${ids}/rrid=12/`,
          `https://bakusai.com/thr_res_show/${ids}/rrid=012`,
          `https://bakusai.com/thr_res/${ids}/tp=1/rrid=12/`,
        ],
      },
      // Posts count from 0 there (the opener is >>0).
      {
        canonicalUrl: `https://bakusai.com/thr_res_show/${ids}/rrid=0/`,
        aliases: [`https://bakusai.com/thr_res_show/${ids}/rrid=0/`],
      },
    ]);
  });

  describe("YouTube video and its comments (lc)", () => {
    const video = "https://www.youtube.com/watch?v=dQw4w9WgXcQ";
    expectDistinctItems("youtube", [
      { canonicalUrl: video, aliases: [`${video}&t=42s`, "https://youtu.be/dQw4w9WgXcQ"] },
      {
        canonicalUrl: "https://www.youtube.com/watch?lc=UgzAbC123&v=dQw4w9WgXcQ",
        aliases: [
          `${video}&lc=UgzAbC123`,
          "https://m.youtube.com/watch?lc=UgzAbC123&v=dQw4w9WgXcQ&si=x",
          "https://youtu.be/dQw4w9WgXcQ?lc=UgzAbC123&si=x",
          "https://www.youtube.com/shorts/dQw4w9WgXcQ?lc=UgzAbC123",
        ],
      },
      {
        // A reply: `parent.reply`.
        canonicalUrl: "https://www.youtube.com/watch?lc=UgzAbC123.9xYz&v=dQw4w9WgXcQ",
        aliases: [`${video}&lc=UgzAbC123.9xYz`],
      },
      {
        canonicalUrl: "https://www.youtube.com/watch?lc=UgwOther&v=dQw4w9WgXcQ",
        aliases: [`${video}&lc=UgwOther`],
      },
    ]);
  });

  describe("Facebook post, photo, video and their comments", () => {
    const post = "https://www.facebook.com/permalink.php?id=222&story_fbid=111";
    expectDistinctItems("meta", [
      { canonicalUrl: post, aliases: [`${post}&mibextid=x`] },
      {
        canonicalUrl: "https://www.facebook.com/permalink.php?comment_id=333&id=222&story_fbid=111",
        aliases: ["https://m.facebook.com/story.php?story_fbid=111&id=222&comment_id=333"],
      },
      {
        canonicalUrl:
          "https://www.facebook.com/permalink.php?comment_id=333&id=222&reply_comment_id=444&story_fbid=111",
        aliases: [
          "https://www.facebook.com/permalink.php?story_fbid=111&id=222&comment_id=333&reply_comment_id=444",
        ],
      },
      {
        canonicalUrl: "https://www.facebook.com/photo.php?fbid=555",
        aliases: ["https://www.facebook.com/photo/?fbid=555&set=a.1"],
      },
      {
        canonicalUrl: "https://www.facebook.com/photo.php?comment_id=666&fbid=555",
        aliases: ["https://www.facebook.com/photo/?fbid=555&set=a.1&comment_id=666"],
      },
      {
        canonicalUrl: "https://www.facebook.com/watch?v=777",
        aliases: ["https://www.facebook.com/watch/?v=777&ref=sharing"],
      },
      {
        canonicalUrl: "https://www.facebook.com/watch?comment_id=888&v=777",
        aliases: ["https://www.facebook.com/watch/?v=777&comment_id=888"],
      },
    ]);
  });

  describe("Instagram post and its comments", () => {
    expectDistinctItems("meta", [
      {
        canonicalUrl: "https://www.instagram.com/p/CxYz12345/",
        aliases: ["https://www.instagram.com/reel/CxYz12345/?igsh=x"],
      },
      {
        canonicalUrl: "https://www.instagram.com/p/CxYz12345/c/17900000000000001/",
        aliases: [
          "https://www.instagram.com/p/CxYz12345/c/17900000000000001",
          "https://www.instagram.com/some.user/reel/CxYz12345/c/17900000000000001/?igsh=x",
        ],
      },
      {
        canonicalUrl:
          "https://www.instagram.com/p/CxYz12345/c/17900000000000001/r/17900000000000002/",
        aliases: ["https://www.instagram.com/p/CxYz12345/c/17900000000000001/r/17900000000000002"],
      },
    ]);
  });

  describe("TikTok post and its comments", () => {
    const video = "https://www.tiktok.com/@/video/7300000000000000001";
    expectDistinctItems("tiktok", [
      { canonicalUrl: video, aliases: ["https://www.tiktok.com/@u/video/7300000000000000001"] },
      {
        canonicalUrl: `${video}?comment_id=7361174121373582123`,
        aliases: [
          "https://www.tiktok.com/@u/video/7300000000000000001?comment_id=7361174121373582123&is_copy_url=1&is_from_webapp=v1",
          // App share link: the same comment under another name.
          "https://www.tiktok.com/@u/video/7300000000000000001?_r=1&share_comment_id=7361174121373582123&share_item_id=7300000000000000001",
          "https://m.tiktok.com/v/7300000000000000001.html?share_comment_id=7361174121373582123",
        ],
      },
      {
        canonicalUrl: `${video}?comment_id=7361174121373582999`,
        aliases: [`${video}?comment_id=7361174121373582999`],
      },
    ]);
  });

  describe("X post, its author and a reply", () => {
    expectDistinctItems("x", [
      {
        canonicalUrl: "https://x.com/i/status/42",
        aliases: ["https://x.com/Some_User/status/42/photo/1", "https://x.com/u/status/42#m"],
      },
      { canonicalUrl: "https://x.com/some_user", aliases: ["https://x.com/Some_User"] },
      // A reply is a post with its own id.
      { canonicalUrl: "https://x.com/i/status/43", aliases: ["https://x.com/other/status/43"] },
    ]);
  });

  describe("Yahoo!知恵袋 question and answer anchors", () => {
    const question = "https://detail.chiebukuro.yahoo.co.jp/qa/question_detail/q12345678901";
    expectDistinctItems("line-yahoo", [
      {
        canonicalUrl: question,
        aliases: [`${question}?sort=2`, `${question}#comments`, `${question}/`],
      },
      {
        canonicalUrl: `${question}#answer-1`,
        aliases: [
          `${question}#answer-1`,
          "https://chiebukuro.yahoo.co.jp/qa/question_detail/q12345678901?__ysp=x#answer-1",
        ],
      },
      { canonicalUrl: `${question}#answer-2`, aliases: [`${question}#answer-2`] },
    ]);
  });

  describe("a site without a rule: item anchors are kept, other fragments dropped", () => {
    const page = "https://qa.example/questions/1/title";
    expectDistinctItems(undefined, [
      {
        canonicalUrl: page,
        aliases: [`${page}#comments`, `${page}#answers-2`, `${page}#section-2`, `${page}#15`],
      },
      { canonicalUrl: `${page}#answer-456`, aliases: [`${page}#answer-456`] },
      { canonicalUrl: `${page}#answer-457`, aliases: [`${page}?utm_source=x#answer-457`] },
      { canonicalUrl: `${page}#comment123_456`, aliases: [`${page}#comment123_456`] },
      { canonicalUrl: `${page}#comment-9`, aliases: [`${page}#comment-9`] },
      { canonicalUrl: `${page}#p789`, aliases: [`${page}#p789`] },
    ]);
  });
});
