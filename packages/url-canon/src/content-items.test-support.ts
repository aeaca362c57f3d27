import fc from "fast-check";
import { canonicalizeUrl } from "./canonicalize-url.js";

/*
 * Content items for the property tests: for one piece of content on one platform, its canonical
 * URL and the alias forms people paste. Posts, comments and answers inside a page are items of
 * their own.
 */

export function chars(
  alphabet: string,
  minLength: number,
  maxLength: number,
): fc.Arbitrary<string> {
  return fc.string({ unit: fc.constantFrom(...alphabet), minLength, maxLength });
}

export const LOWER = "abcdefghijklmnopqrstuvwxyz";
export const DIGITS = "0123456789";
export const ALNUM = `${LOWER}${LOWER.toUpperCase()}${DIGITS}`;

export function canonicalOf(input: string): string {
  const result = canonicalizeUrl(input);
  if (!result.ok) throw new Error(`refused ${input}: ${result.reason}`);
  return result.canonicalUrl;
}

/** One piece of content on one platform: its canonical URL and every alias form people paste. */
export interface ContentItem {
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

export const fiveChThreadIds = fc.tuple(
  chars(LOWER, 2, 10).filter((server) => server !== "itest"),
  chars(`${LOWER}${DIGITS}_`, 1, 12),
  fc.integer({ min: 1e9, max: 2e9 }),
);
const fiveChThread: fc.Arbitrary<ContentItem> = fiveChThreadIds.map(([server, board, thread]) => ({
  identity: `5ch:${server}:${board}:${thread}`,
  canonicalUrl: `https://${server}.5ch.net/test/read.cgi/${board}/${thread}/`,
  aliases: [
    `https://${server}.5ch.net/test/read.cgi/${board}/${thread}/`,
    `http://${server}.5ch.net/test/read.cgi/${board}/${thread}`,
    `https://${server}.5ch.net/test/read.cgi/${board}/${thread}/l50`,
    `https://${server}.5ch.net/test/read.cgi/${board}/${thread}/l50n`,
    `https://${server}.5ch.net/test/read.cgi/${board}/${thread}/-100`,
    `https://${server}.5ch.net/test/read.cgi/${board}/${thread}/10-20`,
    `https://${server}.2ch.net/test/read.cgi/${board}/${thread}/1-10`,
    `https://itest.5ch.net/${server}/test/read.cgi/${board}/${thread}/`,
  ],
}));
export const fiveChPostNumber = fc.integer({ min: 1, max: 1002 });
const fiveChPost: fc.Arbitrary<ContentItem> = fc
  .tuple(fiveChThreadIds, fiveChPostNumber)
  .map(([[server, board, thread], post]) => ({
    identity: `5ch:${server}:${board}:${thread}:${post}`,
    canonicalUrl: `https://${server}.5ch.net/test/read.cgi/${board}/${thread}/${post}`,
    aliases: [
      `https://${server}.5ch.net/test/read.cgi/${board}/${thread}/${post}`,
      `http://${server}.5ch.net/test/read.cgi/${board}/${thread}/${post}/`,
      `https://${server}.5ch.net/test/read.cgi/${board}/${thread}/00${post}`,
      `https://${server}.5ch.net/test/read.cgi/${board}/${thread}/${post}n`,
      `https://${server}.5ch.net/test/read.cgi/${board}/${thread}/${post}-${post}`,
      `https://${server}.2ch.net/test/read.cgi/${board}/${thread}/${post}?v=pc`,
      `https://itest.5ch.net/${server}/test/read.cgi/${board}/${thread}/${post}`,
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

const bakusaiThreadIds = fc
  .tuple(fc.nat(99), fc.nat(999), fc.nat(9999), fc.nat(99_999_999))
  .map(
    ([area, category, board, thread]) =>
      `acode=${area}/ctgid=${category}/bid=${board}/tid=${thread}`,
  );
const bakusaiThread: fc.Arbitrary<ContentItem> = bakusaiThreadIds.map((ids) => ({
  identity: `bakusai:${ids}`,
  canonicalUrl: `https://bakusai.com/thr_res/${ids}/`,
  aliases: [
    `https://bakusai.com/thr_res/${ids}/`,
    `https://www.bakusai.com/thr_res/${ids}/tp=2/`,
    `https://bakusai.com/thr_res/${ids}/tp=1/rw=1/`,
  ],
}));
const bakusaiPost: fc.Arbitrary<ContentItem> = fc
  .tuple(bakusaiThreadIds, fc.nat(1000))
  .map(([ids, post]) => ({
    identity: `bakusai:${ids}:${post}`,
    canonicalUrl: `https://bakusai.com/thr_res_show/${ids}/rrid=${post}/`,
    aliases: [
      `https://bakusai.com/thr_res_show/${ids}/rrid=${post}/`,
      `https://www.bakusai.com/thr_res_show/${ids}/rrid=0${post}`,
    ],
  }));

const commentId = chars(`${ALNUM}_-`, 8, 26);
const youtubeComment: fc.Arbitrary<ContentItem> = fc
  .tuple(youtubeId, commentId, fc.option(commentId, { nil: undefined }))
  .map(([video, comment, reply]) => {
    const lc = reply === undefined ? comment : `${comment}.${reply}`;
    return {
      identity: `youtube:${video}:${lc}`,
      canonicalUrl: `https://www.youtube.com/watch?lc=${lc}&v=${video}`,
      aliases: [
        `https://www.youtube.com/watch?v=${video}&lc=${lc}`,
        `https://m.youtube.com/watch?lc=${lc}&v=${video}&si=abc&t=3s`,
        `https://youtu.be/${video}?lc=${lc}&si=xyz`,
        `https://www.youtube.com/shorts/${video}?lc=${lc}`,
      ],
    };
  });

const facebookComment: fc.Arbitrary<ContentItem> = fc
  .tuple(numericId, numericId, numericId)
  .map(([story, owner, comment]) => ({
    identity: `facebook:${story}:${owner}:${comment}`,
    canonicalUrl: `https://www.facebook.com/permalink.php?comment_id=${comment}&id=${owner}&story_fbid=${story}`,
    aliases: [
      `https://www.facebook.com/permalink.php?story_fbid=${story}&id=${owner}&comment_id=${comment}`,
      `https://m.facebook.com/story.php?story_fbid=${story}&id=${owner}&comment_id=${comment}&mibextid=x`,
    ],
  }));

const instagramComment: fc.Arbitrary<ContentItem> = fc
  .tuple(instagramCode, instagramUser, numericId, fc.option(numericId, { nil: undefined }))
  .map(([code, user, comment, reply]) => {
    const tail = reply === undefined ? `c/${comment}/` : `c/${comment}/r/${reply}/`;
    return {
      identity: `instagram:${code}:${comment}:${reply ?? ""}`,
      canonicalUrl: `https://www.instagram.com/p/${code}/${tail}`,
      aliases: [
        `https://www.instagram.com/p/${code}/${tail}`,
        `https://www.instagram.com/${user}/reel/${code}/${tail}?igsh=abc`,
      ],
    };
  });

const tiktokComment: fc.Arbitrary<ContentItem> = fc
  .tuple(tiktokId, tiktokId, chars(`${LOWER}${DIGITS}_.`, 1, 24))
  .map(([video, comment, user]) => ({
    identity: `tiktok:${video}:${comment}`,
    canonicalUrl: `https://www.tiktok.com/@/video/${video}?comment_id=${comment}`,
    aliases: [
      `https://www.tiktok.com/@${user}/video/${video}?comment_id=${comment}&is_copy_url=1`,
      `https://www.tiktok.com/@${user}/video/${video}?share_comment_id=${comment}&share_item_id=${video}&_r=1`,
      `https://m.tiktok.com/v/${video}.html?share_comment_id=${comment}&comment_id=${comment}`,
    ],
  }));

const chiebukuroAnswer: fc.Arbitrary<ContentItem> = fc
  .tuple(numericId, numericId)
  .map(([question, answer]) => ({
    identity: `chiebukuro:${question}:${answer}`,
    canonicalUrl: `https://detail.chiebukuro.yahoo.co.jp/qa/question_detail/q${question}#answer-${answer}`,
    aliases: [
      `https://detail.chiebukuro.yahoo.co.jp/qa/question_detail/q${question}#answer-${answer}`,
      `https://chiebukuro.yahoo.co.jp/qa/question_detail/q${question}?__ysp=abc#answer-${answer}`,
    ],
  }));

const unknownSiteArticle: fc.Arbitrary<ContentItem> = chars(`${ALNUM}-`, 1, 20).map((slug) => ({
  identity: `news:${slug}`,
  canonicalUrl: `https://news.example.jp/articles/${slug}`,
  aliases: [
    `https://news.example.jp/articles/${slug}`,
    `HTTPS://NEWS.EXAMPLE.JP:443/articles/${slug}?utm_source=x&fbclid=1#comments`,
    `https://news.example.jp./articles/./${slug}`,
  ],
}));

const unknownSiteComment: fc.Arbitrary<ContentItem> = fc
  .tuple(chars(`${ALNUM}-`, 1, 20), fc.nat(), fc.constantFrom("comment-", "answer-", "p"))
  .map(([slug, id, word]) => ({
    identity: `news:${slug}:${word}${id}`,
    canonicalUrl: `https://news.example.jp/articles/${slug}#${word}${id}`,
    aliases: [
      `https://news.example.jp/articles/${slug}#${word}${id}`,
      `HTTPS://NEWS.EXAMPLE.JP:443/articles/${slug}?utm_source=x#${word}${id}`,
    ],
  }));

export const contentItems = {
  x: xPost,
  youtube: youtubeVideo,
  "youtube comment": youtubeComment,
  facebook: facebookPost,
  "facebook comment": facebookComment,
  instagram: instagramPost,
  "instagram comment": instagramComment,
  tiktok: tiktokVideo,
  "tiktok comment": tiktokComment,
  "5ch thread": fiveChThread,
  "5ch post": fiveChPost,
  chiebukuro: chiebukuroQuestion,
  "chiebukuro answer": chiebukuroAnswer,
  "bakusai thread": bakusaiThread,
  "bakusai post": bakusaiPost,
  "unknown site": unknownSiteArticle,
  "unknown site comment": unknownSiteComment,
};
export const anyContentItem = fc.oneof(...Object.values(contentItems));
