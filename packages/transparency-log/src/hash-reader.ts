/**
 * Source of previously stored tree hashes, addressed by stored hash index (see
 * stored-hash-index.ts), like Go's tlog.HashReader. Implementations may batch: proofs ask for
 * all the hashes they need in one call, sorted ascending.
 */
export interface HashReader {
  /** Must return exactly one 32-byte hash per index, in the same order, or throw. */
  readHashes(indexes: readonly bigint[]): Promise<Uint8Array[]>;
}
