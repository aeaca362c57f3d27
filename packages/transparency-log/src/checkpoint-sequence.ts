import { isTakedownError } from "@takedown/errors";
import { openCheckpoint } from "./checkpoint-note.js";
import type { Checkpoint } from "./checkpoint.js";
import type { LogProblem, LogProblemCode } from "./log-problem.js";
import type { NoteVerifier } from "./note-verifier.js";

const PROBLEM_OF_ERROR: Readonly<Record<string, LogProblemCode>> = {
  TLOG_NOTE_MALFORMED: "CHECKPOINT_MALFORMED",
  TLOG_CHECKPOINT_MALFORMED: "CHECKPOINT_MALFORMED",
  TLOG_NOTE_UNKNOWN_KEY: "UNKNOWN_KEY",
  TLOG_NOTE_BAD_SIGNATURE: "BAD_SIGNATURE",
  TLOG_ORIGIN_MISMATCH: "ORIGIN_MISMATCH",
};

/**
 * Opens signed checkpoints in publication order: each must be signed by the log key, name the
 * log's origin and be at least as large as the one before (a smaller one is a rollback).
 */
export function openCheckpointSequence(
  notes: readonly (string | Uint8Array)[],
  verifier: NoteVerifier,
  origin: string | undefined,
): { ok: true; checkpoints: Checkpoint[] } | { ok: false; problem: LogProblem } {
  if (notes.length === 0)
    return { ok: false, problem: { code: "NO_CHECKPOINT", message: "no checkpoint to verify" } };
  const checkpoints: Checkpoint[] = [];
  for (const [position, note] of notes.entries()) {
    let checkpoint: Checkpoint;
    try {
      checkpoint = openCheckpoint(
        note,
        [verifier],
        origin === undefined ? {} : { origin },
      ).checkpoint;
    } catch (error) {
      const code = isTakedownError(error) ? PROBLEM_OF_ERROR[error.code] : undefined;
      if (code === undefined || !(error instanceof Error)) throw error;
      return {
        ok: false,
        problem: {
          code,
          message: `checkpoint ${position}: ${error.message}`,
          checkpoint: { position },
        },
      };
    }
    const previous = checkpoints.at(-1);
    if (previous !== undefined && checkpoint.size < previous.size) {
      return {
        ok: false,
        problem: {
          code: "CHECKPOINT_ROLLBACK",
          message: `checkpoint ${position} has size ${checkpoint.size}, smaller than the previous ${previous.size}`,
          checkpoint: { position, size: checkpoint.size },
        },
      };
    }
    checkpoints.push(checkpoint);
  }
  return { ok: true, checkpoints };
}
