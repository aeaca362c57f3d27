import { defineErrors } from "@takedown/errors";

/**
 * Refusals of a single URL share their names with `CanonicalizationRefusal` (prefixed `CANON_`),
 * so a thrown error and a refused result can be logged and counted under one code.
 */
export const createCanonError = defineErrors({
  CANON_INVALID_URL: { message: "not a parseable absolute URL", retryable: false },
  CANON_UNSUPPORTED_SCHEME: { message: "only http and https URLs are accepted", retryable: false },
  CANON_CREDENTIALS_IN_URL: {
    message: "URLs carrying a user name or password are refused",
    retryable: false,
  },
  CANON_EMPTY_HOST: { message: "the URL has no host", retryable: false },
  CANON_TOO_LONG: { message: "the URL is longer than allowed", retryable: false },
  CANON_INVALID_RULES: { message: "invalid platform canonicalization rules", retryable: false },
  CANON_RULE_CONFLICT: {
    message: "two platform rules claim the same host pattern",
    retryable: false,
  },
});
