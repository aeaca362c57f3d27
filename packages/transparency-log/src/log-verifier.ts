import type { Checkpoint } from "./checkpoint.js";
import { openCheckpointSequence } from "./checkpoint-sequence.js";
import type { LogVerification, LogVerificationProgress } from "./log-problem.js";
import { LogWalk } from "./log-walk.js";
import { NoteVerifier } from "./note-verifier.js";
import type { TileSource } from "./tile-source.js";

export interface VerifyLogOptions {
  readonly source: TileSource;
  /** Signed checkpoint notes in the order the log published them. */
  readonly checkpoints: readonly (string | Uint8Array)[];
  /** The log's `name+hexid+base64` verifier key. */
  readonly verifierKey: string;
  /** When set, every checkpoint must carry this origin. */
  readonly origin?: string;
  readonly onProgress?: (progress: LogVerificationProgress) => void;
}

/**
 * Verifies a whole published log without trusting its operator: checkpoint signatures and order,
 * every entry against the hash tiles and the signed roots, every hash tile against the entries,
 * and consistency between successive checkpoints. Returns the first problem found.
 *
 * Entries and tiles can disagree because either was altered; the signed root decides. So a
 * mismatch is held until the next checkpoint: if the entries reproduce its root the tile is
 * wrong, otherwise the first entry that differs from its tile hash is.
 */
export async function verifyLog(options: VerifyLogOptions): Promise<LogVerification> {
  const verifier = NoteVerifier.fromVerifierKey(options.verifierKey);
  const sequence = openCheckpointSequence(options.checkpoints, verifier, options.origin);
  if (!sequence.ok) return sequence;
  const walk = new LogWalk(options.source, sequence.checkpoints, options.onProgress);
  const problem = await walk.run();
  if (problem !== undefined) return { ok: false, problem };
  const last = sequence.checkpoints.at(-1) as Checkpoint;
  return {
    ok: true,
    size: last.size,
    rootHash: last.rootHash,
    checkpointsVerified: sequence.checkpoints.length,
  };
}
