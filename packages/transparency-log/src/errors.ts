import { defineErrors } from "@takedown/errors";

/**
 * Every failure this package throws. Verification outcomes of a whole log are returned as values
 * (see log-verifier.ts), not thrown: an auditor wants the first problem, not a stack trace.
 */
export const createTransparencyLogError = defineErrors({
  TLOG_INVALID_ARGUMENT: { message: "invalid argument", retryable: false },
  TLOG_STATE_INVALID: { message: "serialized Merkle tree state is invalid", retryable: false },
  TLOG_HASH_NOT_FOUND: { message: "stored hash not available", retryable: false },
  TLOG_CHECKPOINT_MALFORMED: { message: "malformed checkpoint", retryable: false },
  TLOG_ORIGIN_MISMATCH: { message: "checkpoint origin is not the expected one", retryable: false },
  TLOG_KEY_MALFORMED: { message: "malformed note key", retryable: false },
  TLOG_NOTE_MALFORMED: { message: "malformed signed note", retryable: false },
  TLOG_NOTE_UNKNOWN_KEY: { message: "note is not signed by any known key", retryable: false },
  TLOG_NOTE_BAD_SIGNATURE: { message: "note signature does not verify", retryable: false },
  TLOG_TILE_PATH_MALFORMED: { message: "malformed tile path", retryable: false },
  TLOG_TILE_MISSING: { message: "tile not found", retryable: true },
  TLOG_TILE_MALFORMED: { message: "tile has the wrong length", retryable: false },
  TLOG_ENTRY_TOO_LARGE: { message: "entry exceeds 65535 bytes", retryable: false },
  TLOG_ENTRY_BUNDLE_MALFORMED: { message: "malformed entry bundle", retryable: false },
  TLOG_CANONICAL_JSON_INVALID: {
    message: "value cannot be canonicalized as RFC 8785 JSON",
    retryable: false,
  },
});

export type TransparencyLogErrorCode = Parameters<typeof createTransparencyLogError>[0];
