import type { PathRewrite, PlatformRule } from "./platform-rule.js";

/** 5ch-style `read.cgi` thread URLs; a post-range suffix (`/123`, `/l50`, `/-100`, `/n`) is a view of the thread. */
const THREAD_REWRITES: PathRewrite[] = [
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
    id: "line",
    platformHint: "line-yahoo",
    hosts: ["line.me", "*.line.me", "lin.ee"],
    query: { drop: ["openExternalBrowser", "openInAppBrowser"] },
  },
  {
    id: "yahoo-chiebukuro",
    platformHint: "line-yahoo",
    hosts: ["chiebukuro.yahoo.co.jp", "detail.chiebukuro.yahoo.co.jp"],
    trailingSlash: "strip",
    query: { drop: ["__ysp", "fr"] },
    pathRewrites: [
      {
        pattern: String.raw`/qa/question_detail/(q\d+)(?:/.*)?`,
        host: "detail.chiebukuro.yahoo.co.jp",
        to: "/qa/question_detail/{1}",
        query: { keep: [] },
      },
    ],
  },
  {
    id: "yahoo-japan",
    platformHint: "line-yahoo",
    hosts: ["yahoo.co.jp", "*.yahoo.co.jp"],
    query: { drop: ["__ysp", "fr"] },
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
    // 爆サイ.com, a regional board: area/category/board/thread ids in the path; a post view
    // (thr_res_show …/rrid=N/) or a page (…/tp=2/) is a view of the thread.
    id: "bakusai",
    platformHint: "bakusai",
    hosts: ["bakusai.com", "www.bakusai.com"],
    canonicalHost: "bakusai.com",
    mergeSlashes: true,
    pathRewrites: [
      {
        pattern: String.raw`/thr_res(?:_show)?/acode=(\d+)/ctgid=(\d+)/bid=(\d+)/tid=(\d+)(?:/.*)?`,
        to: "/thr_res/acode={1}/ctgid={2}/bid={3}/tid={4}/",
        query: { keep: [] },
      },
    ],
  },
];
