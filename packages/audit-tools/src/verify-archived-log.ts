import type {
  LogVerification,
  LogVerificationProgress,
  TileSource,
} from "@takedown/transparency-log";
import { verifyLog } from "@takedown/transparency-log";
import type { NamedCheckpoint } from "./s3-archive.js";

export interface VerifyArchivedLogOptions {
  archive: { checkpoints(): Promise<NamedCheckpoint[]> } & TileSource;
  verifierKey: string;
  origin?: string;
  /**
   * Checkpoints this auditor saw before. They are merged into the archive's history by size, so
   * an archive whose `checkpoint` was rolled back below one of them is caught even if the
   * history was rewritten too.
   */
  trustedCheckpoints?: readonly NamedCheckpoint[];
  onProgress?: (progress: LogVerificationProgress) => void;
}

export type ArchivedLogVerification = LogVerification & {
  /** The checkpoints checked, in order: `problem.checkpoint.position` indexes this list. */
  readonly checkpointNames: readonly string[];
};

/**
 * `takedown audit verify` from S3: every checkpoint signature and its order, every entry against
 * the hash tiles and signed roots, consistency between successive checkpoints. Reports the first
 * problem with the entry index or the checkpoint (position and name) it concerns.
 */
export async function verifyArchivedLog(
  options: VerifyArchivedLogOptions,
): Promise<ArchivedLogVerification> {
  const archived = await options.archive.checkpoints();
  const latest = archived.at(-1)?.name === "checkpoint" ? archived.pop() : undefined;
  const history = [...archived, ...(options.trustedCheckpoints ?? [])].sort((a, b) => {
    const [x, y] = [sizeOrder(a), sizeOrder(b)];
    return x < y ? -1 : x > y ? 1 : 0;
  });
  const sequence = latest === undefined ? history : [...history, latest];
  const result = await verifyLog({
    source: options.archive,
    checkpoints: sequence.map((checkpoint) => checkpoint.note),
    verifierKey: options.verifierKey,
    ...(options.origin === undefined ? {} : { origin: options.origin }),
    ...(options.onProgress === undefined ? {} : { onProgress: options.onProgress }),
  });
  return { ...result, checkpointNames: sequence.map((checkpoint) => checkpoint.name) };
}

/** Unverified size, only to order notes; a note without one sorts first and fails verification. */
function sizeOrder(checkpoint: NamedCheckpoint): bigint {
  const text =
    typeof checkpoint.note === "string" ? checkpoint.note : Buffer.from(checkpoint.note).toString();
  const size = text.split("\n")[1] ?? "";
  return /^[0-9]{1,20}$/.test(size) ? BigInt(size) : -1n;
}
