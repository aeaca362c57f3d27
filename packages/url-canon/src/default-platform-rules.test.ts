import { describe, expect, it } from "vitest";
import { canonicalizeUrl } from "./canonicalize-url.js";
import { defaultPlatformRules } from "./default-platform-rules.js";
import { parsePlatformRules } from "./platform-rule.js";

type Row = readonly [input: string, canonicalUrl: string];

function expectRows(platformHint: string, rows: readonly Row[]): void {
  it.each(rows)("%s", (input, expected) => {
    expect(canonicalizeUrl(input)).toMatchObject({
      ok: true,
      canonicalUrl: expected,
      platformHint,
    });
  });
}

describe("default platform rules", () => {
  it("pass their own schema", () => {
    expect(parsePlatformRules(defaultPlatformRules)).toEqual(defaultPlatformRules);
  });
});

describe("X / Twitter", () => {
  expectRows("x", [
    [
      "https://twitter.com/SomeUser/status/1234567890123456789",
      "https://x.com/i/status/1234567890123456789",
    ],
    [
      "https://x.com/someuser/status/1234567890123456789?s=20&t=AbCd",
      "https://x.com/i/status/1234567890123456789",
    ],
    ["https://mobile.twitter.com/u/status/42/photo/1", "https://x.com/i/status/42"],
    ["http://mobile.x.com/u/statuses/42", "https://x.com/i/status/42"],
    ["https://www.twitter.com/i/web/status/42", "https://x.com/i/status/42"],
    ["https://x.com/i/status/42/", "https://x.com/i/status/42"],
    ["https://twitter.com/#!/u/status/42", "https://x.com/i/status/42"],
    ["https://vxtwitter.com/u/status/42", "https://x.com/i/status/42"],
    ["https://x.com/u/status/42?ref_src=twsrc%5Etfw#m", "https://x.com/i/status/42"],
    ["https://twitter.com/Some_User/", "https://x.com/some_user"],
    ["https://x.com/search?q=%E3%81%82&src=typed_query", "https://x.com/search?q=%E3%81%82"],
  ]);
});

describe("YouTube", () => {
  expectRows("youtube", [
    ["https://www.youtube.com/watch?v=dQw4w9WgXcQ", "https://www.youtube.com/watch?v=dQw4w9WgXcQ"],
    [
      "https://youtube.com/watch?feature=share&v=dQw4w9WgXcQ&t=42s&list=PLx&index=3",
      "https://www.youtube.com/watch?v=dQw4w9WgXcQ",
    ],
    ["https://m.youtube.com/watch?v=dQw4w9WgXcQ", "https://www.youtube.com/watch?v=dQw4w9WgXcQ"],
    [
      "https://music.youtube.com/watch?v=dQw4w9WgXcQ&si=abc",
      "https://www.youtube.com/watch?v=dQw4w9WgXcQ",
    ],
    ["https://youtu.be/dQw4w9WgXcQ?si=abc&t=10", "https://www.youtube.com/watch?v=dQw4w9WgXcQ"],
    [
      "https://www.youtube.com/shorts/dQw4w9WgXcQ?feature=share",
      "https://www.youtube.com/watch?v=dQw4w9WgXcQ",
    ],
    [
      "https://www.youtube.com/embed/dQw4w9WgXcQ?start=5",
      "https://www.youtube.com/watch?v=dQw4w9WgXcQ",
    ],
    [
      "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ",
      "https://www.youtube.com/watch?v=dQw4w9WgXcQ",
    ],
    [
      "https://www.youtube.com/live/dQw4w9WgXcQ?si=x",
      "https://www.youtube.com/watch?v=dQw4w9WgXcQ",
    ],
    [
      "https://www.youtube.com/playlist?list=PL123&si=x",
      "https://www.youtube.com/playlist?list=PL123",
    ],
    ["https://www.youtube.com/@SomeChannel/videos/", "https://www.youtube.com/@SomeChannel/videos"],
    // An 11-character path on youtube.com is a legacy channel name, not a video id.
    ["https://www.youtube.com/abcdefghijk", "https://www.youtube.com/abcdefghijk"],
    [
      "https://www.youtube.com/embed/videoseries?list=PL1",
      "https://www.youtube.com/embed/videoseries?list=PL1",
    ],
  ]);
});

describe("Facebook", () => {
  expectRows("meta", [
    [
      "https://m.facebook.com/story.php?story_fbid=111&id=222&mibextid=abc",
      "https://www.facebook.com/permalink.php?id=222&story_fbid=111",
    ],
    [
      "https://www.facebook.com/permalink.php?story_fbid=111&id=222&__cft__[0]=x&__tn__=R",
      "https://www.facebook.com/permalink.php?id=222&story_fbid=111",
    ],
    [
      "https://mbasic.facebook.com/photo.php?fbid=333&set=a.444",
      "https://www.facebook.com/photo.php?fbid=333",
    ],
    ["https://web.facebook.com/photo/?fbid=333", "https://www.facebook.com/photo.php?fbid=333"],
    ["https://www.facebook.com/watch/?v=555&ref=sharing", "https://www.facebook.com/watch?v=555"],
    [
      "https://facebook.com/profile.php?id=666&sk=photos",
      "https://www.facebook.com/profile.php?id=666",
    ],
    [
      "https://www.facebook.com/groups/777/posts/888/?comment_id=999",
      "https://www.facebook.com/groups/777/posts/888?comment_id=999",
    ],
    ["https://fb.watch/abCD12/?mibextid=x", "https://fb.watch/abCD12/"],
  ]);
});

describe("Instagram", () => {
  expectRows("meta", [
    ["https://www.instagram.com/p/CxYz12345/", "https://www.instagram.com/p/CxYz12345/"],
    [
      "https://instagram.com/p/CxYz12345?igsh=abc&img_index=2",
      "https://www.instagram.com/p/CxYz12345/",
    ],
    [
      "https://www.instagram.com/reel/CxYz12345/?utm_source=ig_web_copy_link",
      "https://www.instagram.com/p/CxYz12345/",
    ],
    ["https://www.instagram.com/reels/CxYz12345/", "https://www.instagram.com/p/CxYz12345/"],
    ["https://www.instagram.com/tv/CxYz12345", "https://www.instagram.com/p/CxYz12345/"],
    ["https://www.instagram.com/some.user/p/CxYz12345/", "https://www.instagram.com/p/CxYz12345/"],
    // A comment permalink is the comment, not the post.
    [
      "https://www.instagram.com/some.user/reel/CxYz12345/c/1789/",
      "https://www.instagram.com/p/CxYz12345/c/1789/",
    ],
    ["https://www.instagram.com/p/CxYz12345/liked_by/", "https://www.instagram.com/p/CxYz12345/"],
    ["https://www.instagram.com/Some.User", "https://www.instagram.com/some.user/"],
  ]);
});

describe("TikTok", () => {
  expectRows("tiktok", [
    [
      "https://www.tiktok.com/@some.user/video/7300000000000000001",
      "https://www.tiktok.com/@/video/7300000000000000001",
    ],
    [
      "https://m.tiktok.com/v/7300000000000000001.html?_r=1",
      "https://www.tiktok.com/@/video/7300000000000000001",
    ],
    [
      "https://www.tiktok.com/embed/v2/7300000000000000001",
      "https://www.tiktok.com/@/video/7300000000000000001",
    ],
    [
      "https://tiktok.com/@x/video/7300000000000000001?is_from_webapp=1&sender_device=pc",
      "https://www.tiktok.com/@/video/7300000000000000001",
    ],
    [
      "https://www.tiktok.com/@some.user/photo/7300000000000000002",
      "https://www.tiktok.com/@/photo/7300000000000000002",
    ],
    ["https://www.tiktok.com/@Some.User?lang=ja", "https://www.tiktok.com/@some.user"],
    // Short links resolve only over the network.
    ["https://vm.tiktok.com/ZSabc123/", "https://vm.tiktok.com/ZSabc123/"],
    ["https://vt.tiktok.com/ZSabc123?_r=1", "https://vt.tiktok.com/ZSabc123/"],
  ]);
});

describe("LINE", () => {
  expectRows("line-yahoo", [
    ["https://timeline.line.me/post/_abcdef/1163", "https://linevoom.line.me/post/_abcdef/1163"],
    [
      "https://linevoom.line.me/post/1163/?openExternalBrowser=1",
      "https://linevoom.line.me/post/1163",
    ],
    ["https://line.me/ti/g2/AbCdEf?utm_source=x", "https://line.me/ti/g2/AbCdEf"],
    ["https://news.line.me/detail/oa-x/abc123", "https://news.line.me/detail/oa-x/abc123"],
  ]);
});

describe("Yahoo! JAPAN", () => {
  expectRows("line-yahoo", [
    [
      "https://news.yahoo.co.jp/articles/0123abcd?page=2&__ysp=x",
      "https://news.yahoo.co.jp/articles/0123abcd?page=2",
    ],
    [
      "https://news.yahoo.co.jp/articles/0123abcd/comments",
      "https://news.yahoo.co.jp/articles/0123abcd/comments",
    ],
    [
      "https://detail.chiebukuro.yahoo.co.jp/qa/question_detail/q12345678901",
      "https://detail.chiebukuro.yahoo.co.jp/qa/question_detail/q12345678901",
    ],
    [
      "https://chiebukuro.yahoo.co.jp/qa/question_detail/q12345678901?__ysp=abc",
      "https://detail.chiebukuro.yahoo.co.jp/qa/question_detail/q12345678901",
    ],
    [
      "https://detail.chiebukuro.yahoo.co.jp/qa/question_detail/q12345678901/",
      "https://detail.chiebukuro.yahoo.co.jp/qa/question_detail/q12345678901",
    ],
  ]);
});

describe("5ch-style boards", () => {
  expectRows("fivech", [
    [
      "https://egg.5ch.net/test/read.cgi/board/1700000000/",
      "https://egg.5ch.net/test/read.cgi/board/1700000000/",
    ],
    [
      "https://egg.5ch.net/test/read.cgi/board/1700000000",
      "https://egg.5ch.net/test/read.cgi/board/1700000000/",
    ],
    // One post is its own content (issue 12): it keeps its number.
    [
      "http://egg.5ch.net/test/read.cgi/board/1700000000/123",
      "https://egg.5ch.net/test/read.cgi/board/1700000000/123",
    ],
    [
      "https://egg.5ch.net/test/read.cgi/board/1700000000/l50",
      "https://egg.5ch.net/test/read.cgi/board/1700000000/",
    ],
    [
      "https://egg.5ch.net/test/read.cgi/board/1700000000/-100",
      "https://egg.5ch.net/test/read.cgi/board/1700000000/",
    ],
    [
      "https://egg.5ch.net/test/read.cgi/board/1700000000/100-200n?v=pc",
      "https://egg.5ch.net/test/read.cgi/board/1700000000/",
    ],
    [
      "https://egg.2ch.net/test/read.cgi/board/1700000000/5",
      "https://egg.5ch.net/test/read.cgi/board/1700000000/5",
    ],
    [
      "https://itest.5ch.net/egg/test/read.cgi/board/1700000000/l50",
      "https://egg.5ch.net/test/read.cgi/board/1700000000/",
    ],
    [
      "https://itest.5ch.net/test/read.cgi/board/1700000000",
      "https://itest.5ch.net/test/read.cgi/board/1700000000/",
    ],
    [
      "https://mercury.bbspink.com/test/read.cgi/board/1700000000/1-",
      "https://mercury.bbspink.com/test/read.cgi/board/1700000000/",
    ],
    ["https://egg.5ch.net/board/", "https://egg.5ch.net/board/"],
  ]);
  expectRows("twoch-sc", [
    [
      "https://viper.2ch.sc/test/read.cgi/news4vip/1700000000/9",
      "https://viper.2ch.sc/test/read.cgi/news4vip/1700000000/9",
    ],
    [
      "https://viper.2ch.sc/test/read.cgi/news4vip/1700000000/l50",
      "https://viper.2ch.sc/test/read.cgi/news4vip/1700000000/",
    ],
  ]);
});

describe("regional board (爆サイ.com)", () => {
  expectRows("bakusai", [
    [
      "https://bakusai.com/thr_res/acode=3/ctgid=104/bid=1155/tid=1234567/",
      "https://bakusai.com/thr_res/acode=3/ctgid=104/bid=1155/tid=1234567/",
    ],
    [
      "https://www.bakusai.com/thr_res/acode=3/ctgid=104/bid=1155/tid=1234567/tp=2/",
      "https://bakusai.com/thr_res/acode=3/ctgid=104/bid=1155/tid=1234567/",
    ],
    // 単一レス表示: one post, its own content.
    [
      "https://bakusai.com/thr_res_show/acode=3/ctgid=104/bid=1155/tid=1234567/rrid=12/",
      "https://bakusai.com/thr_res_show/acode=3/ctgid=104/bid=1155/tid=1234567/rrid=12/",
    ],
  ]);
});
