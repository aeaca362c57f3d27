// Browser-safe verification of the audit log (C2SP checkpoints, RFC 9162 proofs) with WebCrypto.
export { openLogKey } from "./log-key.js";
export type { LogKey } from "./log-key.js";
export { verifyCheckpoint } from "./checkpoint-verification.js";
export type { VerifiedCheckpoint } from "./checkpoint-verification.js";
export { verifyCheckpointConsistency, verifyEntryInclusion } from "./proof-verification.js";
export type { EntryWithProof } from "./proof-verification.js";
export type { Verdict, VerificationFailureCode, VerifiedClaim } from "./verdict.js";
export type { NoteSignature } from "./signed-note.js";

// The primitives under them, for pages that hold hashes rather than API answers.
export { leafHash, nodeHash } from "./merkle-hash.js";
export { verifyConsistencyProof, verifyInclusionProof } from "./merkle-proof.js";

export { createLogVerificationError } from "./errors.js";
export type { LogVerificationErrorCode } from "./errors.js";
