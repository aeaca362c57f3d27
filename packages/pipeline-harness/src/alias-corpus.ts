import { createHash } from "node:crypto";
import { canonicalizeUrl } from "@takedown/url-canon";

/** One piece of content and the alias URLs people paste for it, all on a routable platform. */
type Family = (n: number, id: string) => string[];

const base64url = (seed: string, length: number): string =>
  createHash("sha256").update(seed).digest("base64url").slice(0, length);
const digits = (seed: string, length: number): string =>
  BigInt(`0x${createHash("sha256").update(seed).digest("hex").slice(0, 15)}`)
    .toString()
    .padStart(length, "1")
    .slice(0, length);

/** Alias forms of each platform rule in packages/url-canon (mobile hosts, share ids, tracking). */
const families: Record<string, Family> = {
  x: (n, id) => {
    const status = digits(`x${id}`, 19);
    return [
      `https://x.com/user${n % 997}/status/${status}`,
      `https://mobile.twitter.com/user${n % 997}/status/${status}?s=20`,
      `https://twitter.com/User${n % 997}/status/${status}/photo/1?t=AbCdEf&utm_source=share`,
      `https://fxtwitter.com/renamed${n % 31}/status/${status}`,
    ];
  },
  youtube: (_n, id) => {
    const video = base64url(`yt${id}`, 11);
    return [
      `https://www.youtube.com/watch?v=${video}`,
      `https://youtu.be/${video}?si=${base64url(`si${id}`, 16)}`,
      `https://m.youtube.com/watch?v=${video}&feature=share&utm_campaign=chaos`,
      `https://www.youtube.com/shorts/${video}?feature=share`,
    ];
  },
  facebook: (_n, id) => {
    const story = digits(`fbs${id}`, 16);
    const owner = digits(`fbo${id}`, 15);
    return [
      `https://www.facebook.com/permalink.php?story_fbid=${story}&id=${owner}`,
      `https://m.facebook.com/story.php?story_fbid=${story}&id=${owner}&mibextid=abc`,
      `https://web.facebook.com/permalink.php?story_fbid=${story}&id=${owner}&fbclid=1`,
    ];
  },
  instagram: (n, id) => {
    const code = base64url(`ig${id}`, 11).replace(/^[-_]/, "A");
    return [
      `https://www.instagram.com/p/${code}/`,
      `https://instagram.com/p/${code}?igsh=abc&img_index=1`,
      `https://m.instagram.com/someone${n % 101}/reel/${code}/`,
    ];
  },
  tiktok: (n, id) => {
    const video = digits(`tt${id}`, 19);
    return [
      `https://www.tiktok.com/@creator${n % 211}/video/${video}`,
      `https://tiktok.com/@creator${n % 211}/video/${video}?is_from_webapp=1&sender_device=pc`,
      `https://m.tiktok.com/v/${video}.html?_r=1`,
    ];
  },
  fivech: (n, id) => {
    const thread = digits(`5ch${id}`, 10);
    const board = `board${n % 17}`;
    return [
      `https://egg.5ch.net/test/read.cgi/${board}/${thread}/`,
      `https://egg.5ch.net/test/read.cgi/${board}/${thread}/l50`,
      `https://egg.2ch.net/test/read.cgi/${board}/${thread}/1-10`,
    ];
  },
  kyushu: (_n, id) => [
    `https://kyushu-board.example.jp/threads/${id}`,
    // Upper-case host and default port; an upper-case scheme would be refused with a 500 (the
    // target.submitted schema's url pattern is case-sensitive), which the report names.
    `https://KYUSHU-BOARD.EXAMPLE.JP:443/threads/${id}?utm_source=x&fbclid=1#res-12`,
    `https://kyushu-board.example.jp./threads/./${id}?gclid=abc`,
  ],
};
const familyNames = Object.keys(families);

export interface CorpusTarget {
  url: string;
  /** What the harness expects intake to answer as the canonical URL (checked, not trusted). */
  canonicalUrl: string;
}

export interface AliasCorpusOptions {
  targets: number;
  /** Mean targets per piece of content (1 = every target its own case). */
  duplication: number;
  /** Different runs must not share content. */
  seed: string;
}

/**
 * Targets over fewer pieces of content: each piece is reached through 1–4 of its alias URLs, the
 * order shuffled so aliases of one piece land in different requests, from both organs, and at
 * different points of a chaos run. Every alias is canonicalized here too, so a family whose
 * aliases no longer meet (a rule changed) is dropped from the corpus rather than miscounted.
 */
export function buildAliasCorpus(options: AliasCorpusOptions): {
  targets: CorpusTarget[];
  contents: number;
  brokenFamilies: string[];
} {
  const random = seededRandom(options.seed);
  const broken = new Set<string>();
  const targets: CorpusTarget[] = [];
  let contents = 0;
  for (let n = 0; targets.length < options.targets; n += 1) {
    const family = familyNames[n % familyNames.length]!;
    const id = `${options.seed}-${n}`;
    const canonical = canonicalUrls(families[family]!(n, id));
    if (canonical === undefined) {
      broken.add(family);
      if (broken.size === familyNames.length) throw new Error("no alias family canonicalizes");
      continue;
    }
    // 1..(2d-1) copies, mean d: uniform over that range.
    const copies =
      options.duplication <= 1 ? 1 : 1 + Math.floor(random() * (2 * options.duplication - 1));
    contents += 1;
    for (let c = 0; c < copies && targets.length < options.targets; c += 1) {
      const alias = canonical.aliases[c % canonical.aliases.length]!;
      targets.push({ url: alias, canonicalUrl: canonical.canonicalUrl });
    }
  }
  for (let i = targets.length - 1; i > 0; i -= 1) {
    const j = Math.floor(random() * (i + 1));
    [targets[i], targets[j]] = [targets[j]!, targets[i]!];
  }
  return { targets, contents, brokenFamilies: [...broken] };
}

function canonicalUrls(aliases: string[]): { canonicalUrl: string; aliases: string[] } | undefined {
  const results = aliases.map((url) => canonicalizeUrl(url));
  const first = results[0];
  if (first === undefined || !first.ok) return undefined;
  const same = aliases.filter((_, i) => {
    const result = results[i];
    return result?.ok === true && result.canonicalUrl === first.canonicalUrl;
  });
  return same.length >= 2 ? { canonicalUrl: first.canonicalUrl, aliases: same } : undefined;
}

/** mulberry32: a small deterministic generator, so one seed gives one corpus. */
function seededRandom(seed: string): () => number {
  let state = createHash("sha256").update(seed).digest().readUInt32BE(0);
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}
