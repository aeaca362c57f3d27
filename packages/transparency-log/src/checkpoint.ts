import { createTransparencyLogError } from "./errors.js";
import { HASH_SIZE } from "./merkle-hash.js";

/** Body of a C2SP tlog-checkpoint. */
export interface Checkpoint {
  /** Unique identity of the log, usually its key name (e.g. `audit.takedown.example/log`). */
  readonly origin: string;
  readonly size: bigint;
  readonly rootHash: Uint8Array;
  /** Optional extension lines after the root hash, opaque to this package. */
  readonly extensions: readonly string[];
}

const MAX_SIZE = 2n ** 64n - 1n;

/** `<origin>\n<size>\n<base64 root>\n` followed by each extension line. */
export function formatCheckpoint(checkpoint: Checkpoint): string {
  const problem = checkpointProblem(checkpoint);
  if (problem !== undefined)
    throw createTransparencyLogError("TLOG_CHECKPOINT_MALFORMED", { detail: problem });
  const root = Buffer.from(checkpoint.rootHash).toString("base64");
  return (
    [checkpoint.origin, checkpoint.size.toString(), root, ...checkpoint.extensions].join("\n") +
    "\n"
  );
}

export function parseCheckpoint(text: string): Checkpoint {
  const malformed = (detail: string) =>
    createTransparencyLogError("TLOG_CHECKPOINT_MALFORMED", { detail });
  if (!text.endsWith("\n")) throw malformed("must end with a newline");
  const [origin = "", sizeText = "", rootText = "", ...extensions] = text.slice(0, -1).split("\n");
  if (!/^(0|[1-9][0-9]{0,19})$/.test(sizeText)) throw malformed(`size ${JSON.stringify(sizeText)}`);
  const rootHash = Buffer.from(rootText, "base64");
  if (rootHash.toString("base64") !== rootText || rootHash.length !== HASH_SIZE) {
    throw malformed(`root hash ${JSON.stringify(rootText)}`);
  }
  const checkpoint: Checkpoint = {
    origin,
    size: BigInt(sizeText),
    rootHash: new Uint8Array(rootHash),
    extensions,
  };
  const problem = checkpointProblem(checkpoint);
  if (problem !== undefined) throw malformed(problem);
  return checkpoint;
}

function checkpointProblem(checkpoint: Checkpoint): string | undefined {
  if (checkpoint.origin === "" || checkpoint.origin.includes("\n"))
    return "origin must be one non-empty line";
  if (checkpoint.size < 0n || checkpoint.size > MAX_SIZE)
    return `size ${checkpoint.size} out of range`;
  if (checkpoint.rootHash.length !== HASH_SIZE) return "root hash must be 32 bytes";
  if (checkpoint.extensions.some((line) => line === "" || line.includes("\n"))) {
    return "extension lines must be non-empty single lines";
  }
  return undefined;
}
