import { createCanonError } from "./errors.js";
import type { PlatformRule, QueryPolicy, TrailingSlashPolicy } from "./platform-rule.js";
import { compileTemplate, type RuleTemplate } from "./rule-template.js";

export interface CompiledQueryPolicy {
  readonly keep: ReadonlySet<string> | undefined;
  readonly drop: ReadonlySet<string>;
  readonly dropPrefixes: readonly string[];
  readonly rename: ReadonlyMap<string, string>;
}

export interface CompiledPathRewrite {
  readonly pattern: RegExp;
  readonly path: RuleTemplate;
  /** Parameters written by the template itself; always kept. */
  readonly templateQuery: RuleTemplate | undefined;
  readonly host: RuleTemplate | undefined;
  readonly query: CompiledQueryPolicy | undefined;
  readonly trailingSlash: TrailingSlashPolicy | undefined;
  readonly itemAnchor: RegExp | undefined;
}

export interface CompiledPlatformRule {
  readonly id: string;
  readonly platformHint: string;
  /** `suffix` is the host after the `*.` of a wildcard canonical host, or the whole host. */
  readonly canonicalHost: { readonly wildcard: boolean; readonly suffix: string } | undefined;
  readonly forceHttps: boolean;
  readonly mergeSlashes: boolean;
  readonly rewrites: readonly CompiledPathRewrite[];
  readonly query: CompiledQueryPolicy;
  readonly trailingSlash: TrailingSlashPolicy;
  readonly hashbang: "path" | "keep" | "drop";
  readonly itemAnchor: RegExp | undefined;
}

/** Rules compiled and indexed by host; build once (at start or on config reload) and share. */
export interface CanonicalizationRules {
  readonly source: readonly PlatformRule[];
  readonly exactHosts: ReadonlyMap<string, CompiledPlatformRule>;
  /** Keyed by the suffix after `*.`; matched against every proper suffix of a host. */
  readonly wildcardHosts: ReadonlyMap<string, CompiledPlatformRule>;
}

export const NO_QUERY_POLICY: CompiledQueryPolicy = {
  keep: undefined,
  drop: new Set(),
  dropPrefixes: [],
  rename: new Map(),
};

function compileQueryPolicy(policy: QueryPolicy | undefined): CompiledQueryPolicy {
  if (policy === undefined) return NO_QUERY_POLICY;
  return {
    keep: policy.keep === undefined ? undefined : new Set(policy.keep),
    drop: new Set(policy.drop ?? []),
    dropPrefixes: policy.dropPrefixes ?? [],
    rename: new Map(Object.entries(policy.rename ?? {})),
  };
}

/** Whole-fragment match; case-insensitive because anchor words are written either way. */
export function itemAnchorRegExp(pattern: string): RegExp {
  return new RegExp(`^(?:${pattern})$`, "i");
}

function compileItemAnchor(pattern: string | undefined): RegExp | undefined {
  return pattern === undefined ? undefined : itemAnchorRegExp(pattern);
}

function compileRule(rule: PlatformRule): CompiledPlatformRule {
  return {
    id: rule.id,
    platformHint: rule.platformHint,
    canonicalHost:
      rule.canonicalHost === undefined
        ? undefined
        : rule.canonicalHost.startsWith("*.")
          ? { wildcard: true, suffix: rule.canonicalHost.slice(2) }
          : { wildcard: false, suffix: rule.canonicalHost },
    forceHttps: rule.forceHttps ?? true,
    mergeSlashes: rule.mergeSlashes ?? false,
    rewrites: (rule.pathRewrites ?? []).map((rewrite) => {
      const queryStart = rewrite.to.indexOf("?");
      return {
        pattern: new RegExp(
          `^(?:${rewrite.pattern})$`,
          rewrite.caseInsensitive === true ? "i" : "",
        ),
        path: compileTemplate(queryStart === -1 ? rewrite.to : rewrite.to.slice(0, queryStart)),
        templateQuery:
          queryStart === -1 ? undefined : compileTemplate(rewrite.to.slice(queryStart + 1)),
        host: rewrite.host === undefined ? undefined : compileTemplate(rewrite.host),
        query: rewrite.query === undefined ? undefined : compileQueryPolicy(rewrite.query),
        trailingSlash: rewrite.trailingSlash,
        itemAnchor: compileItemAnchor(rewrite.itemAnchor),
      };
    }),
    query: compileQueryPolicy(rule.query),
    trailingSlash: rule.trailingSlash ?? "keep",
    hashbang: rule.hashbang ?? "drop",
    itemAnchor: compileItemAnchor(rule.itemAnchor),
  };
}

/**
 * Compiles validated rules (see `parsePlatformRules`). Two rules claiming the same host pattern
 * are refused rather than resolved by order, because a silent winner would route content to the
 * wrong platform; use `extendRules` to replace a rule on purpose.
 */
export function compileRules(rules: readonly PlatformRule[]): CanonicalizationRules {
  const exactHosts = new Map<string, CompiledPlatformRule>();
  const wildcardHosts = new Map<string, CompiledPlatformRule>();
  for (const rule of rules) {
    const compiled = compileRule(rule);
    for (const pattern of rule.hosts) {
      const wildcard = pattern.startsWith("*.");
      const index = wildcard ? wildcardHosts : exactHosts;
      const key = wildcard ? pattern.slice(2) : pattern;
      const existing = index.get(key);
      if (existing !== undefined) {
        throw createCanonError("CANON_RULE_CONFLICT", {
          detail: `${pattern} is claimed by rules ${existing.id} and ${rule.id}`,
        });
      }
      index.set(key, compiled);
    }
  }
  return { source: rules, exactHosts, wildcardHosts };
}

export interface RuleMatch {
  readonly rule: CompiledPlatformRule;
  /** Labels left of the wildcard suffix (`itest` for `itest.5ch.net` under `*.5ch.net`). */
  readonly wildcardLabels: string | undefined;
}

/** Exact host first, then the longest wildcard suffix. */
export function findRule(rules: CanonicalizationRules, host: string): RuleMatch | undefined {
  const exact = rules.exactHosts.get(host);
  if (exact !== undefined) return { rule: exact, wildcardLabels: undefined };
  if (rules.wildcardHosts.size === 0) return undefined;
  for (let dot = host.indexOf("."); dot !== -1; dot = host.indexOf(".", dot + 1)) {
    const rule = rules.wildcardHosts.get(host.slice(dot + 1));
    if (rule !== undefined) return { rule, wildcardLabels: host.slice(0, dot) };
  }
  return undefined;
}
