import type { TakedownError } from "@takedown/errors";
import type { CanonicalizationRules } from "./canonicalization-rules.js";
import { canonicalizeUrl, type CanonicalUrl } from "./canonicalize-url.js";
import { defaultCanonicalizationRules } from "./default-canonicalization-rules.js";
import { createCanonError } from "./errors.js";

/**
 * For callers that already trust their input (replays, tests, tools); the error code is the
 * refusal reason prefixed `CANON_`. The URL itself is not put in the error: it may name a victim.
 */
export function canonicalizeUrlOrThrow(
  input: string,
  rules: CanonicalizationRules = defaultCanonicalizationRules,
): CanonicalUrl {
  const result = canonicalizeUrl(input, rules);
  if (result.ok) return result;
  const error: TakedownError = createCanonError(`CANON_${result.reason}`, {
    details: { reason: result.reason },
  });
  throw error;
}
