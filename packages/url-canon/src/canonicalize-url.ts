import { assertNever } from "@takedown/errors";
import { canonicalQuery } from "./canonical-query.js";
import {
  findRule,
  itemAnchorRegExp,
  NO_QUERY_POLICY,
  type CanonicalizationRules,
  type CompiledPlatformRule,
  type RuleMatch,
} from "./canonicalization-rules.js";
import { contentKeyOf } from "./content-key.js";
import { defaultCanonicalizationRules } from "./default-canonicalization-rules.js";
import { ITEM_ANCHOR_PATTERN } from "./item-anchor.js";
import { normalizePercentEncoding } from "./percent-encoding.js";
import type { TrailingSlashPolicy } from "./platform-rule.js";
import { renderTemplate } from "./rule-template.js";

/** Longer inputs are refused before parsing; browsers and platforms cap URLs well below this. */
export const MAX_URL_LENGTH = 8192;

/** On a host without a rule, merging a comment into its page is worse than a duplicate notice. */
const NO_RULE_ITEM_ANCHOR = itemAnchorRegExp(ITEM_ANCHOR_PATTERN);

export type CanonicalizationRefusal =
  "INVALID_URL" | "UNSUPPORTED_SCHEME" | "CREDENTIALS_IN_URL" | "EMPTY_HOST" | "TOO_LONG";

export interface CanonicalUrl {
  readonly ok: true;
  readonly canonicalUrl: string;
  /** Lowercase hex SHA-256 of `canonicalUrl` (SPEC §3). */
  readonly contentKey: string;
  /** Host of the canonical URL (punycode, no trailing dot, no port). */
  readonly host: string;
  /** Platform id when a platform rule matched the host. */
  readonly platformHint?: string;
  /** Id of the rule that matched, for logs and config debugging. */
  readonly ruleId?: string;
}

export interface CanonicalizationRefused {
  readonly ok: false;
  readonly reason: CanonicalizationRefusal;
  readonly message: string;
}

export type CanonicalizationResult = CanonicalUrl | CanonicalizationRefused;

function refusalMessage(reason: CanonicalizationRefusal, detail: string): string {
  switch (reason) {
    case "INVALID_URL":
      return `not a parseable absolute URL${detail}`;
    case "UNSUPPORTED_SCHEME":
      return `only http and https URLs are accepted${detail}`;
    case "CREDENTIALS_IN_URL":
      return "URLs carrying a user name or password are refused";
    case "EMPTY_HOST":
      return "the URL has no host";
    case "TOO_LONG":
      return `the URL is longer than ${MAX_URL_LENGTH} characters`;
    default:
      return assertNever(reason, "canonicalization refusal");
  }
}

function refuse(reason: CanonicalizationRefusal, detail = ""): CanonicalizationRefused {
  return { ok: false, reason, message: refusalMessage(reason, detail) };
}

function stripTrailingDots(host: string): string {
  let end = host.length;
  while (end > 0 && host.charCodeAt(end - 1) === 46) end--;
  return end === host.length ? host : host.slice(0, end);
}

function applyTrailingSlash(path: string, policy: TrailingSlashPolicy): string {
  switch (policy) {
    case "keep":
      return path;
    case "strip": {
      let end = path.length;
      while (end > 1 && path.charCodeAt(end - 1) === 47) end--;
      return end === path.length ? path : path.slice(0, end);
    }
    case "add":
      return path.endsWith("/") ? path : `${path}/`;
    default:
      return assertNever(policy, "trailing slash policy");
  }
}

function normalizePath(path: string, rule: CompiledPlatformRule | undefined): string {
  const normalized = normalizePercentEncoding(path);
  return rule?.mergeSlashes === true && normalized.includes("//")
    ? normalized.replace(/\/{2,}/g, "/")
    : normalized;
}

function ruleHost(match: RuleMatch, host: string): string {
  const canonical = match.rule.canonicalHost;
  if (canonical === undefined) return host;
  if (!canonical.wildcard || match.wildcardLabels === undefined) return canonical.suffix;
  return `${match.wildcardLabels}.${canonical.suffix}`;
}

/** A host written by a rewrite template goes through the same WHATWG host parser as input. */
function parseTemplateHost(candidate: string): string | undefined {
  try {
    return stripTrailingDots(new URL(`https://${candidate}/`).hostname) || undefined;
  } catch {
    return undefined;
  }
}

/**
 * Old AJAX-era `/#!/user/status/1` URLs: the fragment is the real path (and query). Leading
 * slashes are cut because `#!//a/b` would otherwise parse as host `a`, losing part of the path.
 */
function hashbangLocation(url: URL): URL | undefined {
  try {
    return new URL(`/${url.hash.slice(2).replace(/^[/\\]+/, "")}`, url.origin);
  } catch {
    return undefined;
  }
}

/**
 * Canonicalizes a URL submitted as a takedown target so every alias of one piece of content
 * yields one string (and so one content key). Never throws for bad input: a refusal comes back
 * as `{ ok: false, reason }` so intake can answer 422 per target.
 */
export function canonicalizeUrl(
  input: string,
  rules: CanonicalizationRules = defaultCanonicalizationRules,
): CanonicalizationResult {
  return canonicalizePass(input, rules, 0);
}

function canonicalizePass(
  input: string,
  rules: CanonicalizationRules,
  pass: number,
): CanonicalizationResult {
  if (input.length > MAX_URL_LENGTH) return refuse("TOO_LONG");
  let url: URL;
  try {
    url = new URL(input);
  } catch {
    const hint = /^[a-z][a-z0-9+.-]*:/i.test(input.trim()) ? "" : " (is the scheme missing?)";
    return refuse("INVALID_URL", hint);
  }
  const scheme = url.protocol;
  if (scheme !== "http:" && scheme !== "https:")
    return refuse("UNSUPPORTED_SCHEME", `, not ${scheme.slice(0, -1)}`);
  if (url.username !== "" || url.password !== "") return refuse("CREDENTIALS_IN_URL");
  // `example.com.` is the same fully-qualified name as `example.com`.
  const inputHost = stripTrailingDots(url.hostname);
  if (inputHost === "") return refuse("EMPTY_HOST");
  let host = inputHost;

  const match = findRule(rules, host);
  const rule = match?.rule;
  let rawPath = url.pathname;
  let search = url.search;
  let fragment = "";
  /** A fragment that is no hashbang; kept only when it names an item (see `itemAnchor`). */
  let anchor = "";
  const hash = url.hash;
  if (hash.startsWith("#!") && hash.length > 2) {
    const hashbang = rule?.hashbang ?? "keep";
    if (hashbang === "path") {
      const location = hashbangLocation(url);
      if (location !== undefined) {
        rawPath = location.pathname;
        search =
          search === ""
            ? location.search
            : location.search === ""
              ? search
              : `${search}&${location.search.slice(1)}`;
      }
    } else if (hashbang === "keep") {
      // On an unknown site a hashbang fragment addresses content; any other fragment is an anchor.
      fragment = normalizePercentEncoding(hash);
    }
  } else if (hash.length > 1) {
    anchor = normalizePercentEncoding(hash.slice(1));
  }
  let path = normalizePath(rawPath, rule);

  let outputScheme: string = scheme;
  let port = url.port;
  let query: string;
  if (match === undefined || rule === undefined) {
    query = canonicalQuery("", search, NO_QUERY_POLICY);
    if (anchor !== "" && NO_RULE_ITEM_ANCHOR.test(anchor)) fragment = `#${anchor}`;
  } else {
    let itemAnchor = rule.itemAnchor;
    let queryPolicy = rule.query;
    let trailingSlash = rule.trailingSlash;
    let templateQuery = "";
    let rewrittenHost: string | undefined;
    for (const rewrite of rule.rewrites) {
      const groups = rewrite.pattern.exec(path);
      if (groups === null) continue;
      path = normalizePath(renderTemplate(rewrite.path, groups), rule);
      if (rewrite.templateQuery !== undefined)
        templateQuery = renderTemplate(rewrite.templateQuery, groups);
      if (rewrite.host !== undefined)
        rewrittenHost = parseTemplateHost(renderTemplate(rewrite.host, groups));
      queryPolicy = rewrite.query ?? rule.query;
      trailingSlash = rewrite.trailingSlash ?? rule.trailingSlash;
      itemAnchor = rewrite.itemAnchor ?? rule.itemAnchor;
      break;
    }
    if (anchor !== "" && itemAnchor?.test(anchor) === true) fragment = `#${anchor}`;
    host = rewrittenHost ?? ruleHost(match, host);
    path = applyTrailingSlash(path, trailingSlash);
    query = canonicalQuery(templateQuery, search, queryPolicy);
    if (rule.forceHttps) outputScheme = "https:";
    // Platforms serve content on default ports only; keeping a port would also break idempotence
    // once the scheme is forced (http://x.com:443 → https://x.com:443 → https://x.com).
    port = "";
  }

  const canonicalUrl = `${outputScheme}//${host}${port === "" ? "" : `:${port}`}${path}${query === "" ? "" : `?${query}`}${fragment}`;
  if (canonicalUrl.length > MAX_URL_LENGTH) return refuse("TOO_LONG");
  // An alias host (youtu.be, 2ch.net, itest) lands on a host with a rule of its own; one more
  // pass makes the result canonical under that rule too, so config rules cannot break idempotence
  // by forgetting something the target rule does.
  if (
    pass === 0 &&
    rule !== undefined &&
    host !== inputHost &&
    findRule(rules, host)?.rule !== rule
  ) {
    return canonicalizePass(canonicalUrl, rules, 1);
  }
  const contentKey = contentKeyOf(canonicalUrl);
  return rule === undefined
    ? { ok: true, canonicalUrl, contentKey, host }
    : {
        ok: true,
        canonicalUrl,
        contentKey,
        host,
        platformHint: rule.platformHint,
        ruleId: rule.id,
      };
}
