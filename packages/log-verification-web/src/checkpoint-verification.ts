import { decodeBase64, encodeBase64, hex32 } from "./bytes.js";
import { createLogVerificationError } from "./errors.js";
import type { LogKey } from "./log-key.js";
import { HASH_SIZE } from "./merkle-hash.js";
import { openSignedNote } from "./signed-note.js";
import type { NoteSignature } from "./signed-note.js";
import { failed } from "./verdict.js";
import type { Verdict, VerifiedClaim } from "./verdict.js";

/** A C2SP tlog-checkpoint whose signature this package checked. */
export interface VerifiedCheckpoint {
  readonly origin: string;
  readonly size: bigint;
  readonly rootHash: Uint8Array;
  readonly extensions: readonly string[];
  /** The signed note as received: what a page keeps (e.g. in localStorage) and re-verifies. */
  readonly note: string;
  /** Signatures by other keys (witnesses): present, not checked. */
  readonly otherSignatures: readonly NoteSignature[];
  /** The claims that make it verified: signature, then origin when one was expected. */
  readonly verified: readonly VerifiedClaim[];
}

// Proof checks accept only checkpoints that came out of verifyCheckpoint, so a page cannot check
// a proof against a root it took from the server's JSON by mistake.
const verifiedCheckpoints = new WeakSet<VerifiedCheckpoint>();

const MAX_SIZE = 2n ** 64n - 1n;

/**
 * Checks the Ed25519 signature of a checkpoint note with the pinned key, then parses its body
 * (`<origin>\n<size>\n<base64 root>\n[extensions]`). When `origin` is given the checkpoint must
 * name it.
 */
export async function verifyCheckpoint(
  note: string,
  key: LogKey,
  options: { origin?: string } = {},
): Promise<Verdict<VerifiedCheckpoint>> {
  const opened = await openSignedNote(note, key);
  if (!opened.ok) return failed(opened.code, opened.message);
  const verified: VerifiedClaim[] = [
    { claim: "checkpoint-signature", keyName: key.name, keyId: hex32(key.keyId) },
  ];
  const [origin = "", sizeText = "", rootText = "", ...extensions] = opened.text
    .slice(0, -1)
    .split("\n");
  const malformed = (message: string) =>
    failed<VerifiedCheckpoint>("CHECKPOINT_MALFORMED", message, verified);
  if (origin === "") return malformed("origin must be one non-empty line");
  if (!/^(0|[1-9][0-9]{0,19})$/.test(sizeText) || BigInt(sizeText) > MAX_SIZE)
    return malformed(`size ${JSON.stringify(sizeText)}`);
  const rootHash = decodeBase64(rootText);
  if (rootHash === undefined || rootHash.length !== HASH_SIZE)
    return malformed(`root hash ${JSON.stringify(rootText)}`);
  if (extensions.some((line) => line === "")) return malformed("extension lines must be non-empty");
  if (options.origin !== undefined) {
    if (origin !== options.origin) {
      return failed(
        "ORIGIN_MISMATCH",
        `${JSON.stringify(origin)} is not ${JSON.stringify(options.origin)}`,
        verified,
      );
    }
    verified.push({ claim: "checkpoint-origin", origin });
  }
  const checkpoint: VerifiedCheckpoint = {
    origin,
    size: BigInt(sizeText),
    rootHash,
    extensions,
    note,
    otherSignatures: opened.others,
    verified,
  };
  verifiedCheckpoints.add(checkpoint);
  return { ok: true, value: checkpoint, verified };
}

export function requireVerified(checkpoint: VerifiedCheckpoint): void {
  if (!verifiedCheckpoints.has(checkpoint)) {
    throw createLogVerificationError("LOGWEB_UNVERIFIED_CHECKPOINT", {
      detail: `checkpoint of size ${checkpoint.size} with root ${encodeBase64(checkpoint.rootHash)}`,
    });
  }
}
