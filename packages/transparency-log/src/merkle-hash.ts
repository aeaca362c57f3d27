import { createHash } from "node:crypto";

/** SHA-256 output size; every tree hash in this package is this long. */
export const HASH_SIZE = 32;

// RFC 6962 §2.1 domain separation: without distinct prefixes a leaf could be passed off as a node.
const LEAF_PREFIX = Uint8Array.of(0x00);
const NODE_PREFIX = Uint8Array.of(0x01);

/** RFC 6962 leaf hash: SHA-256(0x00 ‖ entry). */
export function leafHash(entry: Uint8Array): Uint8Array {
  return createHash("sha256").update(LEAF_PREFIX).update(entry).digest();
}

/** RFC 6962 interior node hash: SHA-256(0x01 ‖ left ‖ right). */
export function nodeHash(left: Uint8Array, right: Uint8Array): Uint8Array {
  return createHash("sha256").update(NODE_PREFIX).update(left).update(right).digest();
}

/** Root of the empty tree: SHA-256 of the empty string (RFC 6962 §2.1). */
export function emptyTreeRoot(): Uint8Array {
  return createHash("sha256").digest();
}

export function hashesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
