import { ITEM_ANCHOR_PATTERN } from "./item-anchor.js";
import type { PathRewrite, PlatformRule } from "./platform-rule.js";

/**
 * One post of a read.cgi thread: `/15`, `/015`, `/15n` (`n` only hides post 1, so exactly post 15
 * is shown) and `/15-15`. The backreference makes a one-post range the post; `/15-16` is a view.
 */
const POST_SUFFIX = (group: number) => `/0*([1-9]\\d*)(?:-0*\\${group})?n?/?`;

/**
 * 5ch-style `read.cgi` URLs. A post is its own content: a request about post 15 and one about
 * post 40 are two cases, and neither is the thread. Any other suffix (`/l50`, `/-100`, `/1-10`,
 * `/n`, `/100-`) is a view of several posts and so names the thread.
 */
const THREAD_REWRITES: PathRewrite[] = [
  {
    pattern: String.raw`/test/read\.cgi/([A-Za-z0-9_]+)/(\d+)${POST_SUFFIX(3)}`,
    to: "/test/read.cgi/{1}/{2}/{3}",
    query: { keep: [] },
    trailingSlash: "keep",
  },
  {
    pattern: String.raw`/test/read\.cgi/([A-Za-z0-9_]+)/(\d+)(?:/.*)?`,
    to: "/test/read.cgi/{1}/{2}/",
    query: { keep: [] },
    trailingSlash: "keep",
  },
];

/** Platforms operated in Japan: LINE / Yahoo! JAPAN (LY Corporation), 5ch-style boards, 爆サイ.com. */
export const japanesePlatformRules: readonly PlatformRule[] = [
  {
    // LINE VOOM replaced Timeline in 2021 and serves the same paths.
    id: "line-voom",
    platformHint: "line-yahoo",
    hosts: ["timeline.line.me", "linevoom.line.me"],
    canonicalHost: "linevoom.line.me",
    mergeSlashes: true,
    trailingSlash: "strip",
    query: { drop: ["openExternalBrowser", "openInAppBrowser"] },
  },
  {
    // Many services under one host pattern: the generic item anchors apply, as on unknown hosts.
    id: "line",
    platformHint: "line-yahoo",
    hosts: ["line.me", "*.line.me", "lin.ee"],
    query: { drop: ["openExternalBrowser", "openInAppBrowser"] },
    itemAnchor: ITEM_ANCHOR_PATTERN,
  },
  {
    id: "yahoo-chiebukuro",
    platformHint: "line-yahoo",
    hosts: ["chiebukuro.yahoo.co.jp", "detail.chiebukuro.yahoo.co.jp"],
    trailingSlash: "strip",
    query: { drop: ["__ysp", "fr"] },
    pathRewrites: [
      {
        // Only the question itself: a longer path may name an answer and must not merge into it.
        pattern: String.raw`/qa/question_detail/(q\d+)/?`,
        host: "detail.chiebukuro.yahoo.co.jp",
        to: "/qa/question_detail/{1}",
        query: { keep: [] },
        // An answer anchor (`#answer-…`, `#ans…`) is the only thing naming one answer of the page.
        itemAnchor: ITEM_ANCHOR_PATTERN,
      },
    ],
  },
  {
    // News, finance boards, Q&A and more under one pattern; comment ids there sit in the path
    // or the query, which this rule keeps, and the generic item anchors apply to fragments.
    id: "yahoo-japan",
    platformHint: "line-yahoo",
    hosts: ["yahoo.co.jp", "*.yahoo.co.jp"],
    query: { drop: ["__ysp", "fr"] },
    itemAnchor: ITEM_ANCHOR_PATTERN,
  },
  {
    id: "5ch",
    platformHint: "fivech",
    hosts: ["5ch.net", "*.5ch.net"],
    mergeSlashes: true,
    pathRewrites: THREAD_REWRITES,
  },
  {
    // 2ch.net was renamed 5ch.net in 2017 with the same servers, boards and thread keys.
    id: "2ch-net",
    platformHint: "fivech",
    hosts: ["2ch.net", "*.2ch.net"],
    canonicalHost: "*.5ch.net",
    mergeSlashes: true,
    pathRewrites: THREAD_REWRITES,
  },
  {
    // The smartphone front end names the server in the path; without it the thread stays on itest.
    id: "5ch-itest",
    platformHint: "fivech",
    hosts: ["itest.5ch.net"],
    mergeSlashes: true,
    pathRewrites: [
      {
        pattern: String.raw`/([a-z0-9]+)/test/read\.cgi/([A-Za-z0-9_]+)/(\d+)${POST_SUFFIX(4)}`,
        host: "{1}.5ch.net",
        to: "/test/read.cgi/{2}/{3}/{4}",
        query: { keep: [] },
      },
      {
        pattern: String.raw`/([a-z0-9]+)/test/read\.cgi/([A-Za-z0-9_]+)/(\d+)(?:/.*)?`,
        host: "{1}.5ch.net",
        to: "/test/read.cgi/{2}/{3}/",
        query: { keep: [] },
      },
      ...THREAD_REWRITES,
    ],
  },
  {
    // Same operator and software as 5ch, separate boards: same platform, own host.
    id: "bbspink",
    platformHint: "fivech",
    hosts: ["bbspink.com", "*.bbspink.com"],
    mergeSlashes: true,
    pathRewrites: THREAD_REWRITES,
  },
  {
    // A different operator that copies 5ch threads: its posts diverge, so it is not an alias.
    id: "2ch-sc",
    platformHint: "twoch-sc",
    hosts: ["2ch.sc", "*.2ch.sc"],
    mergeSlashes: true,
    pathRewrites: THREAD_REWRITES,
  },
  {
    // 爆サイ.com, a regional board: area/category/board/thread ids in the path. One post
    // (thr_res_show …/rrid=N/, N from 0) is its own content; a page (…/tp=2/) is the thread.
    id: "bakusai",
    platformHint: "bakusai",
    hosts: ["bakusai.com", "www.bakusai.com"],
    canonicalHost: "bakusai.com",
    mergeSlashes: true,
    pathRewrites: [
      {
        pattern: String.raw`/thr_res(?:_show)?/acode=(\d+)/ctgid=(\d+)/bid=(\d+)/tid=(\d+)/(?:[^/]*/)*?rrid=0*(\d+)(?:/.*)?`,
        to: "/thr_res_show/acode={1}/ctgid={2}/bid={3}/tid={4}/rrid={5}/",
        query: { keep: [] },
      },
      {
        pattern: String.raw`/thr_res(?:_show)?/acode=(\d+)/ctgid=(\d+)/bid=(\d+)/tid=(\d+)(?:/.*)?`,
        to: "/thr_res/acode={1}/ctgid={2}/bid={3}/tid={4}/",
        query: { keep: [] },
      },
    ],
  },
];
