import { z } from "zod";
import { createCanonError } from "./errors.js";

/**
 * A platform alias rule is data, not code, so operators can add a regional board or a new mobile
 * host from config without a release. Patterns and templates are compiled once by `compileRules`.
 *
 * Templates: `{1}` inserts capture group 1 of the path pattern, `{1:lower}` lowercases it. In
 * `canonicalHost`, a leading `*` stands for the labels a wildcard host pattern matched.
 */
const hostPatternSchema = z
  .string()
  .regex(
    /^(\*\.)?[a-z0-9-]+(\.[a-z0-9-]+)*$/,
    "host pattern: lowercase ASCII host, optionally prefixed by `*.`",
  );

const paramNameSchema = z.string().min(1);

const regexSourceSchema = z
  .string()
  .min(1)
  .superRefine((source, context) => {
    try {
      new RegExp(source);
    } catch (error) {
      context.addIssue({
        code: "custom",
        message: `not a valid regular expression: ${String(error)}`,
      });
    }
  });

/**
 * Fragments (without `#`) that name one item inside the page, e.g. an answer anchor; matched
 * whole and case-insensitively. A matching fragment is kept in the canonical URL, any other
 * fragment is dropped. Absent: every fragment is dropped.
 */
const itemAnchorSchema = regexSourceSchema;

export const queryPolicySchema = z.strictObject({
  /** Allow-list: when present, only these original parameters survive (tracking or not). */
  keep: z.array(paramNameSchema).optional(),
  /** Dropped on top of the global tracking list; ignored for names that `keep` lists. */
  drop: z.array(paramNameSchema).optional(),
  /** Dropped on top of the global list when the name starts with one of these. */
  dropPrefixes: z.array(paramNameSchema).optional(),
  /**
   * Names rewritten before `keep` and `drop` apply, for one parameter the platform spells two
   * ways (`share_comment_id` in app share links, `comment_id` on the web).
   */
  rename: z
    .record(
      paramNameSchema,
      z.string().regex(/^[A-Za-z0-9_.~-]+$/, "new parameter name: unreserved URL characters"),
    )
    .optional(),
});

export const trailingSlashPolicySchema = z.enum(["keep", "strip", "add"]);

export const pathRewriteSchema = z
  .strictObject({
    /** Regular expression matched against the whole normalized path (it is anchored for you). */
    pattern: z.string().min(1),
    caseInsensitive: z.boolean().optional(),
    /** Path template, optionally followed by `?query` whose parameters are always kept. */
    to: z.string().startsWith("/"),
    /** Host template; defaults to the rule's canonical host. */
    host: z.string().min(1).optional(),
    /** Replaces the rule's query policy for URLs this rewrite matched. */
    query: queryPolicySchema.optional(),
    trailingSlash: trailingSlashPolicySchema.optional(),
    /** Replaces the rule's `itemAnchor` for URLs this rewrite matched. */
    itemAnchor: itemAnchorSchema.optional(),
  })
  .superRefine((rewrite, context) => {
    let groups: number;
    try {
      // An alternation with the empty string always matches, which reveals the group count.
      groups = (new RegExp(`${rewrite.pattern}|`).exec("")?.length ?? 1) - 1;
    } catch (error) {
      context.addIssue({
        code: "custom",
        path: ["pattern"],
        message: `not a valid regular expression: ${String(error)}`,
      });
      return;
    }
    for (const field of ["to", "host"] as const) {
      for (const match of (rewrite[field] ?? "").matchAll(/\{(\d+)(?::lower)?\}/g)) {
        if (Number(match[1]) > groups) {
          context.addIssue({
            code: "custom",
            path: [field],
            message: `refers to group ${match[1]} but the pattern has ${groups}`,
          });
        }
      }
    }
  });

export const platformRuleSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/),
  /** Platform id handed to routing, e.g. `x`, `youtube`, `line-yahoo`. */
  platformHint: z.string().min(1),
  hosts: z.array(hostPatternSchema).min(1),
  canonicalHost: z
    .string()
    .regex(/^(\*\.)?[a-z0-9-]+(\.[a-z0-9-]+)*$/)
    .optional(),
  /** Known platforms are https-only; leaving the scheme alone is for sites where that is unknown. */
  forceHttps: z.boolean().optional(),
  /** Collapse `//` in the path; only safe where the site's router ignores empty segments. */
  mergeSlashes: z.boolean().optional(),
  /** First matching rewrite wins. */
  pathRewrites: z.array(pathRewriteSchema).optional(),
  query: queryPolicySchema.optional(),
  trailingSlash: trailingSlashPolicySchema.optional(),
  /** `path`: an old `#!/a/b` hashbang URL is read as path `/a/b`; `keep`/`drop` the `#!` fragment. */
  hashbang: z.enum(["path", "keep", "drop"]).optional(),
  itemAnchor: itemAnchorSchema.optional(),
});

export type QueryPolicy = z.infer<typeof queryPolicySchema>;
export type TrailingSlashPolicy = z.infer<typeof trailingSlashPolicySchema>;
export type PathRewrite = z.infer<typeof pathRewriteSchema>;
export type PlatformRule = z.infer<typeof platformRuleSchema>;

/** Validates rules read from config; the error names the rule index, the field and the problem. */
export function parsePlatformRules(value: unknown): PlatformRule[] {
  const parsed = z.array(platformRuleSchema).safeParse(value);
  if (parsed.success) return parsed.data;
  const detail = parsed.error.issues
    .map((issue) => `${issue.path.map(String).join(".") || "(root)"}: ${issue.message}`)
    .join("; ");
  throw createCanonError("CANON_INVALID_RULES", { detail, cause: parsed.error });
}
