/**
 * What a verification established, one claim per check that passed, in the order they ran. A
 * page shows these (translated) rather than a bare "verified", so it says what it checked itself.
 * Claims are plain JSON (sizes and indexes as decimal strings), so a page can store or log them.
 */
export type VerifiedClaim =
  | {
      /** The checkpoint note carries a valid Ed25519 signature by the pinned key. */
      readonly claim: "checkpoint-signature";
      readonly keyName: string;
      /** 8 hex digits. */
      readonly keyId: string;
    }
  | {
      /** The checkpoint names the expected log (a valid signature over another log proves nothing). */
      readonly claim: "checkpoint-origin";
      readonly origin: string;
    }
  | {
      /** The leaf hash was computed here from the entry bytes, not taken from the server. */
      readonly claim: "leaf-hash";
      readonly index: string;
      /** Base64. */
      readonly leafHash: string;
    }
  | {
      /** The leaf is at `index` in the tree whose root the checkpoint signs. */
      readonly claim: "inclusion";
      readonly index: string;
      readonly treeSize: string;
      readonly rootHash: string;
    }
  | {
      /** The newer tree is the older one with entries appended: nothing was rewritten or removed. */
      readonly claim: "consistency";
      readonly oldSize: string;
      readonly newSize: string;
      readonly oldRoot: string;
      readonly newRoot: string;
    };

export type VerificationFailureCode =
  /** Not a C2SP signed note (no blank line, bad signature line, control characters). */
  | "NOTE_MALFORMED"
  /** Signed, but the body is not `<origin>\n<size>\n<base64 root>\n`. */
  | "CHECKPOINT_MALFORMED"
  /** No signature by the pinned key name and key id (wrong key, or another log). */
  | "UNKNOWN_KEY"
  /** A signature line claims the pinned key but does not verify: the note was altered. */
  | "BAD_SIGNATURE"
  | "ORIGIN_MISMATCH"
  /** A proof hash or the leaf hash is not 32 bytes of canonical base64, or an index is not a decimal. */
  | "PROOF_MALFORMED"
  /** The server's leaf hash is not the hash of the entry it sent. */
  | "LEAF_HASH_MISMATCH"
  /** The proof is for another tree size than the checkpoint it is checked against. */
  | "TREE_SIZE_MISMATCH"
  | "INCLUSION_FAILED"
  /** The newer checkpoint is smaller than the older one: the log went back. */
  | "TREE_SHRANK"
  /** The two checkpoints are not one append-only log: forked or rewritten. */
  | "CONSISTENCY_FAILED";

export type Verdict<Value> =
  | { readonly ok: true; readonly value: Value; readonly verified: readonly VerifiedClaim[] }
  | {
      readonly ok: false;
      readonly code: VerificationFailureCode;
      /** English, for logs and developers; pages translate `code`. */
      readonly message: string;
      /** The checks that passed before this one failed. */
      readonly verified: readonly VerifiedClaim[];
    };

export function failed<Value>(
  code: VerificationFailureCode,
  message: string,
  verified: readonly VerifiedClaim[] = [],
): Verdict<Value> {
  return { ok: false, code, message, verified };
}
