import { parseCheckpoint, formatCheckpoint } from "./checkpoint.js";
import type { Checkpoint } from "./checkpoint.js";
import { createTransparencyLogError } from "./errors.js";
import type { NoteSigner } from "./note-signer.js";
import type { NoteVerifier } from "./note-verifier.js";
import { openNote, signNote } from "./signed-note.js";
import type { OpenedNote } from "./signed-note.js";

/** A checkpoint wrapped in a C2SP signed note, ready to publish at `checkpoint`. */
export function signCheckpoint(checkpoint: Checkpoint, signer: NoteSigner): string {
  return signNote(formatCheckpoint(checkpoint), [signer]);
}

export interface OpenedCheckpoint {
  readonly checkpoint: Checkpoint;
  readonly note: OpenedNote;
}

/**
 * Verifies the note's signature with `verifiers`, then parses the body. When `origin` is given the
 * checkpoint must name it: a valid signature over another log's checkpoint proves nothing here.
 */
export function openCheckpoint(
  signedNote: string | Uint8Array,
  verifiers: readonly NoteVerifier[],
  options: { origin?: string } = {},
): OpenedCheckpoint {
  const note = openNote(signedNote, verifiers);
  const checkpoint = parseCheckpoint(note.text);
  if (options.origin !== undefined && checkpoint.origin !== options.origin) {
    throw createTransparencyLogError("TLOG_ORIGIN_MISMATCH", {
      detail: `${JSON.stringify(checkpoint.origin)} is not ${JSON.stringify(options.origin)}`,
    });
  }
  return { checkpoint, note };
}
