/** What can be wrong with a published log, as reported by verifyLog. */
export type LogProblemCode =
  | "NO_CHECKPOINT"
  | "CHECKPOINT_MALFORMED"
  | "UNKNOWN_KEY"
  | "BAD_SIGNATURE"
  | "ORIGIN_MISMATCH"
  | "CHECKPOINT_ROLLBACK"
  | "ENTRY_MISSING"
  | "ENTRY_BUNDLE_MALFORMED"
  | "ENTRY_HASH_MISMATCH"
  | "TILE_MISSING"
  | "TILE_MALFORMED"
  | "TILE_HASH_MISMATCH"
  | "ROOT_MISMATCH"
  | "CONSISTENCY_MISMATCH";

export interface LogProblem {
  readonly code: LogProblemCode;
  /** One line for a human: what is wrong and where. */
  readonly message: string;
  /** Leaf index of the entry involved. */
  readonly index?: bigint;
  /** Tile or entry bundle path involved. */
  readonly path?: string;
  /** The checkpoint involved: its position in the given sequence (0-based) and its size. */
  readonly checkpoint?: { readonly position: number; readonly size?: bigint };
}

export type LogVerification =
  | {
      readonly ok: true;
      /** Size and root of the last checkpoint, now proven to match the published entries. */
      readonly size: bigint;
      readonly rootHash: Uint8Array;
      readonly checkpointsVerified: number;
    }
  | { readonly ok: false; readonly problem: LogProblem };

export interface LogVerificationProgress {
  readonly verifiedEntries: bigint;
  readonly totalEntries: bigint;
}
