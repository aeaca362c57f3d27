// RFC 6962 / RFC 9162 Merkle tree
export { HASH_SIZE, emptyTreeRoot, hashesEqual, leafHash, nodeHash } from "./merkle-hash.js";
export { IncrementalMerkleTree } from "./incremental-merkle-tree.js";
export type { AppendedLeaf, MerkleTreeState } from "./incremental-merkle-tree.js";
export { splitStoredHashIndex, storedHashCount, storedHashIndex } from "./stored-hash-index.js";
export type { HashReader } from "./hash-reader.js";
export { MemoryHashStore } from "./memory-hash-store.js";
export { consistencyProof, inclusionProof, treeHash } from "./merkle-proofs.js";
export { verifyConsistency, verifyInclusion } from "./proof-verification.js";
export { verifyEntries } from "./entry-verification.js";
export type { EntriesVerification } from "./entry-verification.js";

// C2SP signed-note and tlog-checkpoint
export { generateNoteKey, noteKeyId, parseSignerKey, parseVerifierKey } from "./note-key.js";
export type { ParsedSignerKey, ParsedVerifierKey } from "./note-key.js";
export { NoteSigner } from "./note-signer.js";
export { NoteVerifier } from "./note-verifier.js";
export { openNote, signNote } from "./signed-note.js";
export type { NoteSignature, OpenedNote } from "./signed-note.js";
export { formatCheckpoint, parseCheckpoint } from "./checkpoint.js";
export type { Checkpoint } from "./checkpoint.js";
export { openCheckpoint, signCheckpoint } from "./checkpoint-note.js";
export type { OpenedCheckpoint } from "./checkpoint-note.js";

// C2SP tlog-tiles
export { TILE_HEIGHT, TILE_WIDTH, parseTilePath, tilePath } from "./tile-path.js";
export type { EntryBundleTile, HashTile, Tile } from "./tile-path.js";
export { hashTileAt, tilesForGrowth } from "./tile-plan.js";
export { MAX_ENTRY_SIZE, decodeEntryBundle, encodeEntryBundle } from "./entry-bundle.js";
export { readHashTileData } from "./hash-tile-data.js";
export type { TileSource } from "./tile-source.js";
export { TileHashReader, readHashTile } from "./tile-hash-reader.js";

// Whole-log verification
export { verifyLog } from "./log-verifier.js";
export type { VerifyLogOptions } from "./log-verifier.js";
export type {
  LogProblem,
  LogProblemCode,
  LogVerification,
  LogVerificationProgress,
} from "./log-problem.js";

// Entry serialization
export { canonicalJson } from "./canonical-json.js";

export { createTransparencyLogError } from "./errors.js";
export type { TransparencyLogErrorCode } from "./errors.js";
