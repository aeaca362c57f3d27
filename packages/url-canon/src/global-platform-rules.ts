import type { PlatformRule, QueryPolicy } from "./platform-rule.js";

/*
 * Canonical forms pick the one URL per item that stays valid when the mutable parts of an alias
 * change: a post's numeric or short-code id survives a username change, so the username is
 * dropped wherever the platform serves the item without it.
 */

const YOUTUBE_VIDEO_ID = "[A-Za-z0-9_-]{11}";

const YOUTUBE_SHARE_NOISE = [
  "si",
  "feature",
  "pp",
  "ab_channel",
  "t",
  "start",
  "app",
  "persist_app",
];

/**
 * A comment under a TikTok post is named by `comment_id` (web "copy link") or `share_comment_id`
 * (app share links, next to `share_item_id`); both spell one id, so they become one parameter.
 */
const TIKTOK_ITEM_QUERY: QueryPolicy = {
  keep: ["comment_id"],
  rename: { share_comment_id: "comment_id" },
};

/** Platforms operated from abroad: X, YouTube, Meta (Facebook, Instagram), TikTok. */
export const globalPlatformRules: readonly PlatformRule[] = [
  {
    id: "x",
    platformHint: "x",
    // fx/vx/fixup hosts are embed proxies that serve the same post under the same path.
    hosts: [
      "x.com",
      "www.x.com",
      "mobile.x.com",
      "twitter.com",
      "www.twitter.com",
      "mobile.twitter.com",
      "m.twitter.com",
      "fxtwitter.com",
      "vxtwitter.com",
      "fixupx.com",
      "fixvx.com",
    ],
    canonicalHost: "x.com",
    mergeSlashes: true,
    trailingSlash: "strip",
    hashbang: "path",
    query: { drop: ["s", "t", "ref", "src"] },
    pathRewrites: [
      {
        // `/photo/1`, `/video/1`, `/analytics` and the like are views of the same post.
        pattern: String.raw`/(?:[A-Za-z0-9_]{1,50}/status(?:es)?|i/web/status|i/status|statuses)/(\d{1,20})(?:/.*)?`,
        to: "/i/status/{1}",
        query: { keep: [] },
      },
      // Handles are case-insensitive on X, so one account has one profile URL.
      { pattern: "/([A-Za-z0-9_]{1,15})/?", to: "/{1:lower}" },
    ],
  },
  {
    id: "youtube",
    platformHint: "youtube",
    hosts: [
      "youtube.com",
      "www.youtube.com",
      "m.youtube.com",
      "music.youtube.com",
      "youtube-nocookie.com",
      "www.youtube-nocookie.com",
    ],
    canonicalHost: "www.youtube.com",
    mergeSlashes: true,
    trailingSlash: "strip",
    query: {
      drop: [
        ...YOUTUBE_SHARE_NOISE,
        "index",
        "embeds_referring_euri",
        "embeds_referring_origin",
        "source_ve_path",
      ],
    },
    pathRewrites: [
      // `list` and `t` are dropped: the same video in a playlist or at an offset is the same
      // content. `lc` (linked comment, `parent.reply` for a reply) names one comment under it.
      { pattern: "/watch", to: "/watch", query: { keep: ["v", "lc"] } },
      {
        pattern: String.raw`/(?:shorts|embed|live|v|e)/(?!videoseries)(${YOUTUBE_VIDEO_ID})(?:/.*)?`,
        to: "/watch?v={1}",
        query: { keep: ["lc"] },
      },
    ],
  },
  {
    // A separate rule because on youtube.com an 11-character path is a legacy channel name.
    id: "youtube-short",
    platformHint: "youtube",
    hosts: ["youtu.be", "www.youtu.be"],
    canonicalHost: "www.youtube.com",
    trailingSlash: "strip",
    query: { drop: YOUTUBE_SHARE_NOISE },
    pathRewrites: [
      { pattern: `/(${YOUTUBE_VIDEO_ID})/?`, to: "/watch?v={1}", query: { keep: ["lc"] } },
    ],
  },
  {
    id: "facebook",
    platformHint: "meta",
    hosts: [
      "facebook.com",
      "www.facebook.com",
      "m.facebook.com",
      "mbasic.facebook.com",
      "web.facebook.com",
      "touch.facebook.com",
      "mobile.facebook.com",
      "fb.com",
      "www.fb.com",
    ],
    canonicalHost: "www.facebook.com",
    mergeSlashes: true,
    trailingSlash: "strip",
    // Facebook hangs content ids off the query; everything else there (__cft__, __tn__, mibextid…) is tracking.
    query: {
      keep: [
        "story_fbid",
        "id",
        "v",
        "fbid",
        "set",
        "multi_permalinks",
        "comment_id",
        "reply_comment_id",
      ],
    },
    pathRewrites: [
      {
        pattern: String.raw`/(?:story|permalink)\.php`,
        to: "/permalink.php",
        query: { keep: ["story_fbid", "id", "comment_id", "reply_comment_id"] },
      },
      // A photo is its fbid; `set` only says which album it was opened from. A comment on a
      // photo or video is its own content, as on a post.
      {
        pattern: String.raw`/photo(?:\.php)?/?`,
        to: "/photo.php",
        query: { keep: ["fbid", "comment_id", "reply_comment_id"] },
      },
      {
        pattern: "/watch/?",
        to: "/watch",
        query: { keep: ["v", "comment_id", "reply_comment_id"] },
      },
    ],
  },
  {
    // fb.watch and fb.me short links cannot be resolved offline; kept as they are.
    id: "facebook-short",
    platformHint: "meta",
    hosts: ["fb.watch", "fb.me"],
    trailingSlash: "add",
    query: { keep: [] },
  },
  {
    id: "instagram",
    platformHint: "meta",
    hosts: [
      "instagram.com",
      "www.instagram.com",
      "m.instagram.com",
      "instagr.am",
      "www.instagr.am",
    ],
    canonicalHost: "www.instagram.com",
    mergeSlashes: true,
    trailingSlash: "add",
    // Instagram URLs carry no content in the query (igsh, img_index, hl are sharing/view noise).
    query: { keep: [] },
    pathRewrites: [
      // A comment permalink (…/c/<comment>/, a reply …/c/<comment>/r/<reply>/) is its own content.
      {
        pattern: String.raw`/(?:[A-Za-z0-9_.]{1,30}/)?(?:p|reels?|tv)/(?!audio/)([A-Za-z0-9_-]{5,})/c/(\d{1,25})/r/(\d{1,25})(?:/.*)?`,
        to: "/p/{1}/c/{2}/r/{3}/",
      },
      {
        pattern: String.raw`/(?:[A-Za-z0-9_.]{1,30}/)?(?:p|reels?|tv)/(?!audio/)([A-Za-z0-9_-]{5,})/c/(\d{1,25})(?:/.*)?`,
        to: "/p/{1}/c/{2}/",
      },
      {
        // Reels, IGTV and posts share one short-code space, and /p/<code>/ serves all three.
        pattern: String.raw`/(?:[A-Za-z0-9_.]{1,30}/)?(?:p|reels?|tv)/(?!audio/)([A-Za-z0-9_-]{5,})(?:/.*)?`,
        to: "/p/{1}/",
      },
      { pattern: String.raw`/([A-Za-z0-9_.]{1,30})/?`, to: "/{1:lower}/" },
    ],
  },
  {
    id: "tiktok",
    platformHint: "tiktok",
    hosts: ["tiktok.com", "www.tiktok.com", "m.tiktok.com"],
    canonicalHost: "www.tiktok.com",
    mergeSlashes: true,
    trailingSlash: "strip",
    query: {
      drop: [
        "is_from_webapp",
        "sender_device",
        "sender_web_id",
        "share_app_id",
        "share_link_id",
        "share_item_id",
        "u_code",
        "preview_pb",
        "timestamp",
        "user_id",
        "_r",
        "_t",
        "_d",
        "lang",
        "refer",
        "referer_url",
        "referer_video_id",
        "enter_from",
        "web_id",
        "checksum",
        "tt_from",
        "sec_user_id",
      ],
    },
    pathRewrites: [
      // TikTok serves /@/video/<id> for any author, so a handle change does not split the key.
      {
        pattern: String.raw`/@[^/]*/video/(\d{1,20})(?:/.*)?`,
        to: "/@/video/{1}",
        query: TIKTOK_ITEM_QUERY,
      },
      {
        pattern: String.raw`/(?:v|embed|embed/v2|player/v1)/(\d{1,20})(?:\.html)?/?`,
        to: "/@/video/{1}",
        query: TIKTOK_ITEM_QUERY,
      },
      {
        pattern: String.raw`/@[^/]*/photo/(\d{1,20})(?:/.*)?`,
        to: "/@/photo/{1}",
        query: TIKTOK_ITEM_QUERY,
      },
      { pattern: String.raw`/@([A-Za-z0-9_.]{1,24})/?`, to: "/@{1:lower}" },
    ],
  },
  {
    // vm./vt. short links and /t/ links resolve only over the network; kept with the hint.
    id: "tiktok-short",
    platformHint: "tiktok",
    hosts: ["vm.tiktok.com", "vt.tiktok.com"],
    trailingSlash: "add",
    query: { keep: [] },
  },
];
