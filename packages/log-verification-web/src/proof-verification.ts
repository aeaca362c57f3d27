import { bytesEqual, decodeBase64, encodeBase64, utf8Bytes } from "./bytes.js";
import { requireVerified } from "./checkpoint-verification.js";
import type { VerifiedCheckpoint } from "./checkpoint-verification.js";
import { HASH_SIZE, leafHash } from "./merkle-hash.js";
import { verifyConsistencyProof, verifyInclusionProof } from "./merkle-proof.js";
import { failed } from "./verdict.js";
import type { Verdict, VerifiedClaim } from "./verdict.js";

/** One entry with its proof, as the audit API's look-up returns it (decimal strings, base64). */
export interface EntryWithProof {
  readonly index: string | bigint;
  /** The exact leaf: the entry's canonical JSON text (or bytes) that the log hashed. */
  readonly leaf: string | Uint8Array;
  /** The server's leaf hash, if it sent one: it must equal the hash computed here. */
  readonly leafHash?: string;
  /** The tree size the proof is for, if the server said: it must be the checkpoint's. */
  readonly treeSize?: string | bigint;
  /** Base64 hashes, leaf to root. */
  readonly proof: readonly string[];
}

/**
 * Hashes the leaf here, then checks its inclusion proof up to the root that `checkpoint` signs.
 * Nothing the server says about the hash or the tree is taken on trust.
 */
export async function verifyEntryInclusion(
  checkpoint: VerifiedCheckpoint,
  entry: EntryWithProof,
): Promise<Verdict<{ index: bigint; leafHash: Uint8Array }>> {
  requireVerified(checkpoint);
  const verified: VerifiedClaim[] = [...checkpoint.verified];
  const index = decimal(entry.index);
  const proof = decodeHashes(entry.proof);
  if (index === undefined || proof === undefined)
    return failed("PROOF_MALFORMED", "index or proof hashes malformed", verified);
  if (entry.treeSize !== undefined && decimal(entry.treeSize) !== checkpoint.size) {
    return failed(
      "TREE_SIZE_MISMATCH",
      `proof is for tree size ${entry.treeSize}, checkpoint is ${checkpoint.size}`,
      verified,
    );
  }
  const hash = await leafHash(typeof entry.leaf === "string" ? utf8Bytes(entry.leaf) : entry.leaf);
  if (entry.leafHash !== undefined && entry.leafHash !== encodeBase64(hash)) {
    return failed(
      "LEAF_HASH_MISMATCH",
      `entry ${index} hashes to ${encodeBase64(hash)}, the server said ${entry.leafHash}`,
      verified,
    );
  }
  verified.push({ claim: "leaf-hash", index: index.toString(), leafHash: encodeBase64(hash) });
  const included = await verifyInclusionProof({
    leafHash: hash,
    index,
    size: checkpoint.size,
    proof,
    root: checkpoint.rootHash,
  });
  if (!included) {
    return failed(
      "INCLUSION_FAILED",
      `entry ${index} is not proven in the tree of ${checkpoint.size} signed by the checkpoint`,
      verified,
    );
  }
  verified.push({
    claim: "inclusion",
    index: index.toString(),
    treeSize: checkpoint.size.toString(),
    rootHash: encodeBase64(checkpoint.rootHash),
  });
  return { ok: true, value: { index, leafHash: hash }, verified };
}

/**
 * Is `newer` the log of `older` with entries appended? Run it between the checkpoint a page saw
 * last time (kept locally) and the current one; a failure means a forked or rewritten log.
 */
export async function verifyCheckpointConsistency(
  older: VerifiedCheckpoint,
  newer: VerifiedCheckpoint,
  proof: readonly string[],
): Promise<Verdict<{ oldSize: bigint; newSize: bigint }>> {
  requireVerified(older);
  requireVerified(newer);
  const verified: VerifiedClaim[] = [];
  if (older.origin !== newer.origin) {
    return failed(
      "ORIGIN_MISMATCH",
      `${JSON.stringify(newer.origin)} is not ${JSON.stringify(older.origin)}`,
    );
  }
  if (newer.size < older.size) {
    return failed("TREE_SHRANK", `the log went back from ${older.size} to ${newer.size} entries`);
  }
  const hashes = decodeHashes(proof);
  if (hashes === undefined) return failed("PROOF_MALFORMED", "proof hashes malformed");
  const consistent = await verifyConsistencyProof({
    oldSize: older.size,
    newSize: newer.size,
    oldRoot: older.rootHash,
    newRoot: newer.rootHash,
    proof: hashes,
  });
  if (!consistent) {
    const what =
      older.size === newer.size && !bytesEqual(older.rootHash, newer.rootHash)
        ? "two different trees of the same size"
        : `the tree of ${newer.size} does not extend the tree of ${older.size}`;
    return failed("CONSISTENCY_FAILED", `forked or rewritten log: ${what}`);
  }
  verified.push({
    claim: "consistency",
    oldSize: older.size.toString(),
    newSize: newer.size.toString(),
    oldRoot: encodeBase64(older.rootHash),
    newRoot: encodeBase64(newer.rootHash),
  });
  return { ok: true, value: { oldSize: older.size, newSize: newer.size }, verified };
}

function decimal(value: string | bigint): bigint | undefined {
  if (typeof value === "bigint") return value;
  return /^(0|[1-9][0-9]{0,19})$/.test(value) ? BigInt(value) : undefined;
}

function decodeHashes(hashes: readonly string[]): Uint8Array[] | undefined {
  const decoded = hashes.map(decodeBase64);
  return decoded.every((hash) => hash?.length === HASH_SIZE)
    ? (decoded as Uint8Array[])
    : undefined;
}
