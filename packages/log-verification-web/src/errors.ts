import { defineErrors } from "@takedown/errors";

/**
 * Thrown only for what the page itself supplies (the pinned verifier key) or cannot do (no
 * Ed25519 in this browser). What the server sends is judged, never thrown: see verdict.ts.
 */
export const createLogVerificationError = defineErrors({
  LOGWEB_KEY_MALFORMED: { message: "malformed verifier key", retryable: false },
  LOGWEB_CRYPTO_UNAVAILABLE: {
    message: "this browser's WebCrypto lacks SHA-256 or Ed25519",
    retryable: false,
  },
  LOGWEB_UNVERIFIED_CHECKPOINT: {
    message: "proofs are checked only against a checkpoint from verifyCheckpoint",
    retryable: false,
  },
});

export type LogVerificationErrorCode = Parameters<typeof createLogVerificationError>[0];
